#include "training/fieldhelp.h"

#include <QHash>

namespace deepterra {

namespace {

const QHash<QString, QString> &helpTexts()
{
    static const QHash<QString, QString> texts {
        // Task and inputs
        { QStringLiteral("task.type"),
          QStringLiteral("What the model learns. Segmentation: a class for every pixel (land cover maps). "
                         "Patch classification: one class per image tile. Raster autoencoder: learns what "
                         "the image usually looks like and maps what does not fit (anomalies). "
                         "Forecasting: future values of a series. Series autoencoder: unusual periods "
                         "of a series.") },
        { QStringLiteral("task.imageLayer"),
          QStringLiteral("The raster the model looks at: satellite or aerial imagery, a DEM, or a NetCDF "
                         "variable (its time steps are the bands). Its grid (pixel size, extent) is the grid "
                         "the labels are drawn onto.") },
        { QStringLiteral("task.bands"),
          QStringLiteral("The image bands fed to the model. More bands give the model more to tell classes "
                         "apart (near infrared separates vegetation, short-wave infrared soils and water); "
                         "leave all checked unless a band is noisy or missing.") },
        { QStringLiteral("task.demLayer"),
          QStringLiteral(
              "Optional elevation model whose derivatives become extra input channels. Helps "
              "where classes follow the terrain (wetlands in valleys, forests on steep slopes).") },
        { QStringLiteral("task.demChannels"),
          QStringLiteral("Terrain layers computed from the DEM: elevation, slope, aspect, hillshade, "
                         "roughness, terrain ruggedness (TRI) and topographic position (TPI). Elevation and "
                         "slope are a good start.") },
        { QStringLiteral("task.labelLayer"),
          QStringLiteral("Where the model learns the classes from: hand-drawn polygons (vector) or a class "
                         "raster. Pixels outside the polygons are not used for training.") },
        { QStringLiteral("task.classField"),
          QStringLiteral("The attribute of the polygons that holds the class (a number or a name). The "
                         "table shows each class and how many polygons carry it: classes with very few "
                         "polygons are hard to learn and to validate.") },
        { QStringLiteral("task.classes"),
          QStringLiteral("The classes found in the labels and how many polygons (or pixels) each has.") },
        { QStringLiteral("task.seriesLayer"),
          QStringLiteral("The values over time the model learns from: a CSV table, or a NetCDF variable at "
                         "a point or over an area (in the series view, plot it and click Add as Series "
                         "Layer).") },
        { QStringLiteral("task.targets"),
          QStringLiteral("The columns the model forecasts (or reconstructs). None checked: the first "
                         "value column.") },
        { QStringLiteral("task.inputs"),
          QStringLiteral("The columns the model sees as input, e.g. temperature to help forecast "
                         "discharge. None checked: the targets themselves.") },
        { QStringLiteral("task.lookback"),
          QStringLiteral("How many past time steps the model sees for each forecast. Cover at least one "
                         "full cycle of the signal: 52 for weekly data with a yearly cycle, 12 for "
                         "monthly.") },
        { QStringLiteral("task.horizon"),
          QStringLiteral("How many time steps ahead the model forecasts. Errors grow with the horizon; "
                         "start with the shortest one you need.") },
        // Sampling
        { QStringLiteral("task.patchSize"),
          QStringLiteral("The side of the square image tiles (pixels) the model learns from. It should "
                         "hold enough context to recognise a class: a few fields or blocks of houses. 32 "
                         "to 128 pixels is typical; a U-Net needs a multiple of 2 to the power of its "
                         "depth.") },
        { QStringLiteral("task.stride"),
          QStringLiteral("The step between neighbouring patches (pixels). Half the patch size gives "
                         "overlapping patches and more examples from few labels; the patch size gives "
                         "no overlap.") },
        { QStringLiteral("task.maxNoDataFraction"),
          QStringLiteral("Patches with a larger share of NoData pixels (clouds masked, outside the scene) "
                         "are skipped. 0.1 keeps patches that are at least 90 % valid.") },
        { QStringLiteral("task.memoryLimitMiB"),
          QStringLiteral("How much training data is held in memory. Below this size the channels of the "
                         "training window are read into memory; above it they are copied once to a tiled "
                         "file in TMPDIR (when set; else /var/tmp, on disk) and patches are read from disk "
                         "through a bounded cache, so that a label set over a whole country trains in "
                         "bounded memory. Higher: faster start-up; lower: less RAM.") },
        { QStringLiteral("task.classBalanced"),
          QStringLiteral("Draw patches so that rare classes are seen as often as common ones. Useful when "
                         "one class (say water) covers far less ground than the others.") },
        { QStringLiteral("task.sceneLabel"),
          QStringLiteral("Patch classification: the class a patch gets from its pixels, the most common "
                         "class (majority) or the class of the centre pixel.") },
        { QStringLiteral("task.augment"),
          QStringLiteral("Show the model each patch flipped and rotated by 90 degrees too. Nadir imagery "
                         "has no preferred orientation, so this multiplies the examples for free; turn it "
                         "off for shaded relief or oblique imagery.") },
        { QStringLiteral("task.jitter"),
          QStringLiteral("Adds small random noise to training windows (in standard deviations) so the "
                         "model does not memorise the exact values. 0 is off; 0.01 to 0.05 is mild.") },
        { QStringLiteral("task.relative"),
          QStringLiteral("Feed values relative to the last observed step and forecast the change. Keeps "
                         "trending series (CO2, sea level) inside the range seen in training.") },
        { QStringLiteral("task.gapFill"),
          QStringLiteral("How missing values in the series are handled: filled by linear interpolation, "
                         "or windows with gaps are skipped.") },
        { QStringLiteral("task.normalization"),
          QStringLiteral("How values are scaled before the model sees them. Mean/standard deviation suits "
                         "most imagery and series; percentile min-max (clipped at the percentiles) resists "
                         "outliers such as clouds and scales to 0..1.") },
        { QStringLiteral("task.percentiles"),
          QStringLiteral("Percentile min-max: the low and high percentiles mapped to 0 and 1; values "
                         "beyond them are clipped. 2 and 98 ignore the brightest and darkest pixels.") },
        { QStringLiteral("task.split.method"),
          QStringLiteral("How examples are divided between training and validation. Spatial blocks keep "
                         "validation patches away from training ones, so the score says how the model "
                         "does on new ground; a random split overrates it because neighbouring pixels look "
                         "alike. Series are split chronologically: validation comes after training.") },
        { QStringLiteral("task.split.validationFraction"),
          QStringLiteral("The share of examples held back to check the model. 0.2 (a fifth) is common; "
                         "use more when labels are plentiful.") },
        { QStringLiteral("task.split.testFraction"),
          QStringLiteral("A share of examples held out before anything else and never used while "
                         "training: not to fit, not to stop early, not to pick the best epoch. After "
                         "training the best weights are scored on it once, and the run reports these "
                         "test figures apart from validation's, which flatter the model a little because "
                         "they chose it. Series: the last period; rasters: whole blocks. 0: none.") },
        { QStringLiteral("task.split.blockSize"),
          QStringLiteral("Spatial blocks: the side of the blocks (pixels) that go wholly to training or "
                         "validation. Larger than the distance over which pixels look alike; 0 means "
                         "twice the patch size.") },
        { QStringLiteral("task.split.buffer"),
          QStringLiteral("Spatial blocks: a gap (pixels) kept free between training and validation "
                         "patches so they never share pixels. -1 uses the patch size.") },
        { QStringLiteral("task.split.folds"),
          QStringLiteral("Spatial cross-validation: the examples are dealt into this many folds (whole "
                         "blocks with their buffer; for series, rolling origins) and Model ▸ Cross-Validate "
                         "trains one model per fold, each validated on its fold, and reports the mean and "
                         "spread of the scores: one split is a single draw. The split preview draws the "
                         "folds. A single training run keeps the validation share.") },
        { QStringLiteral("task.split.stratified"),
          QStringLiteral("Assign blocks so that every class appears in validation. Use it when a class "
                         "has only a few polygons and a plain block split may leave it out of "
                         "validation.") },
        // Model
        { QStringLiteral("model.preset"),
          QStringLiteral("A ready-made network. The seed presets reproduce well-known reference "
                         "architectures; Custom shows every setting of the network. Input channels and "
                         "classes always follow the data.") },
        { QStringLiteral("model.depth"),
          QStringLiteral("How many times the network halves the patch to see wider context. Deeper sees "
                         "larger structures but needs larger patches and more memory.") },
        { QStringLiteral("model.baseFilters"),
          QStringLiteral("The number of features learnt at full resolution (doubled at each level). More "
                         "filters learn finer distinctions but train slower and overfit few labels.") },
        { QStringLiteral("model.batchNorm"),
          QStringLiteral("Normalises features inside the network: training is steadier and tolerates "
                         "higher learning rates.") },
        { QStringLiteral("model.blocksPerLevel"),
          QStringLiteral("ResUNet: how many residual blocks each level of the encoder stacks. A block adds "
                         "two convolutions that refine what the level already sees rather than replace "
                         "it, so deep stacks still train. 2 suits most scenes; 3 or 4 for large, varied "
                         "areas with many labels.") },
        { QStringLiteral("model.dropout"),
          QStringLiteral("Randomly silences a share of features while training so the model cannot rely "
                         "on any single one. 0.1 to 0.3 helps against overfitting small label sets.") },
        { QStringLiteral("model.upsampling"),
          QStringLiteral("How the U-Net brings coarse features back to full resolution: learnt "
                         "(transpose) or interpolated (bilinear, nearest).") },
        { QStringLiteral("model.blocks"),
          QStringLiteral("The convolution blocks, one row each: filters, kernel size, stride, padding, "
                         "pooling, batch normalisation, dropout and activation.") },
        { QStringLiteral("model.denseUnits"),
          QStringLiteral("Hidden dense layers before the output, e.g. \"128\" or \"256, 64\". Empty: "
                         "none.") },
        { QStringLiteral("model.cell"),
          QStringLiteral("The recurrent cell: LSTM remembers longer, GRU is lighter and often as good.") },
        { QStringLiteral("model.hiddenSize"),
          QStringLiteral("The memory of each recurrent layer (units). 32 to 128 suits most "
                         "environmental series.") },
        { QStringLiteral("model.layers"),
          QStringLiteral("Stacked recurrent layers. Two or three capture slower patterns; more rarely "
                         "helps.") },
        { QStringLiteral("model.encoderLayers"),
          QStringLiteral("The widths of the encoder's layers, e.g. \"64, 32, 16\"; the decoder mirrors "
                         "them.") },
        { QStringLiteral("model.latent"),
          QStringLiteral("The size of the compressed code. Small codes force the model to learn the usual "
                         "patterns, so unusual inputs reconstruct badly and stand out.") },
        { QStringLiteral("model.denseDropout"),
          QStringLiteral("Dropout before each dense layer of the head: 0.3 helps a classifier trained on "
                         "few patches.") },
        { QStringLiteral("model.denseActivation"),
          QStringLiteral("The non-linearity of the dense layers; ReLU is the usual choice.") },
        { QStringLiteral("model.activation"),
          QStringLiteral("The non-linearity between layers; ReLU is the usual choice.") },
        { QStringLiteral("model.output"),
          QStringLiteral("Sigmoid squeezes reconstructions into 0..1 (for percentile-scaled inputs and the "
                         "BCE loss); linear leaves them unbounded (mean/standard deviation scaling, MSE).") },
        // Training
        { QStringLiteral("training.epochs"),
          QStringLiteral("How many times the model sees every training example. Watch the validation "
                         "curve: stop raising epochs once it no longer improves.") },
        { QStringLiteral("training.batchSize"),
          QStringLiteral("Examples processed together at each step. Larger batches train faster on a GPU "
                         "but need more memory (see the estimate under the layer table); 8 to 32 is "
                         "typical.") },
        { QStringLiteral("training.optimizer"),
          QStringLiteral("The rule that adjusts the weights. Adam works out of the box; SGD with momentum "
                         "can generalise slightly better with a tuned schedule.") },
        { QStringLiteral("training.learningRate"),
          QStringLiteral("How large each weight update is. Too high: the loss jumps or diverges; too low: "
                         "training crawls. 0.001 suits Adam, 0.01 to 0.1 SGD.") },
        { QStringLiteral("training.momentum"),
          QStringLiteral("SGD and RMSprop: how much of the previous update carries on. 0.9 is the usual "
                         "choice.") },
        { QStringLiteral("training.weightDecay"),
          QStringLiteral("Pulls weights towards zero to limit overfitting. 0 is off; 1e-4 is mild.") },
        { QStringLiteral("training.schedule"),
          QStringLiteral("How the learning rate changes over the epochs: constant, divided in steps, "
                         "cosine decay to a floor, or one cycle up then down (fast convergence).") },
        { QStringLiteral("training.stepSize"),
          QStringLiteral("Step schedule: epochs between two decays of the learning rate.") },
        { QStringLiteral("training.gamma"),
          QStringLiteral("Step schedule: the factor applied at each decay (0.1 divides by ten).") },
        { QStringLiteral("training.minLearningRate"),
          QStringLiteral("Cosine schedule: the learning rate reached at the last epoch.") },
        { QStringLiteral("training.maxLearningRate"),
          QStringLiteral("One-cycle schedule: the peak learning rate (0: ten times the learning rate).") },
        { QStringLiteral("training.loss"),
          QStringLiteral("What the model minimises. Classes: cross-entropy (default), dice (good for rare "
                         "classes), focal (focuses on hard pixels). Values: MSE (penalises large errors), "
                         "MAE (robust to outliers), Huber (between the two), BCE (values scaled to "
                         "0..1).") },
        { QStringLiteral("training.classWeighted"),
          QStringLiteral("Weights each class by how rare it is in the training labels, so that small "
                         "classes (roads, water) count as much as large ones.") },
        { QStringLiteral("training.focalGamma"),
          QStringLiteral("Focal loss: how strongly easy pixels are down-weighted. 2 is the usual value.") },
        { QStringLiteral("training.huberDelta"),
          QStringLiteral("Huber loss: errors below this (in normalised units) count as squared, above as "
                         "absolute.") },
        { QStringLiteral("training.gradientClipNorm"),
          QStringLiteral("Caps the size of each update, which keeps recurrent networks stable. 0 is off; "
                         "1 is a common cap.") },
        { QStringLiteral("training.earlyStoppingMetric"),
          QStringLiteral("The validation score that picks the best epoch (whose weights are kept) and "
                         "drives early stopping: mean IoU or accuracy for classes, RMSE for forecasts, "
                         "the validation loss for autoencoders.") },
        { QStringLiteral("training.earlyStoppingPatience"),
          QStringLiteral("Stop when the monitored score has not improved for this many epochs. 0 trains "
                         "all epochs; 5 to 10 saves time once the model stops learning.") },
        { QStringLiteral("training.seed"),
          QStringLiteral("Starting point of every random choice (weights, patch order, split). The same "
                         "seed on the CPU gives the same model again.") },
        { QStringLiteral("training.device"),
          QStringLiteral("Where the model trains. A CUDA GPU is typically 10 to 50 times faster than the "
                         "CPU; Automatic takes the first GPU when there is one.") },
        { QStringLiteral("training.precision"),
          QStringLiteral("Mixed precision runs the convolutions and matrix products in 16-bit floats, "
                         "keeping the weights in 32-bit: on a GPU with tensor cores usually faster, with "
                         "half the activation memory, at a small cost in accuracy. bfloat16 also works on "
                         "the CPU (rarely faster there, but lighter on memory); float16 "
                         "needs a CUDA GPU. Validation and the saved models stay in float32.") },
        { QStringLiteral("training.threads"),
          QStringLiteral("CPU threads used for training. All cores is fastest; leave some free to keep "
                         "working in other programs.") },
        { QStringLiteral("training.processes"),
          QStringLiteral(
              "Train in several processes on this machine, each on a slice of every batch, as "
              "PyTorch's DistributedDataParallel: the weights of one process (batch norm and dropout "
              "aside: they see each process's slice), often sooner on a CPU (two processes of one thread "
              "each trained a U-Net 40-60 % faster than one "
              "process of two threads). The cores are shared out unless CPU threads says "
              "otherwise. A batch must give each process at least two examples. Pause is not "
              "available then: Stop keeps the epochs so far, and the run resumes.") },
    };
    return texts;
}

} // namespace

QString FieldHelp::text(const QString &field)
{
    return helpTexts().value(field);
}

} // namespace deepterra
