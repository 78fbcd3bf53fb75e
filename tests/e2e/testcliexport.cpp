#include "clirun.h"
#include "testdata.h"

#include "common/dataerror.h"

#include "export/exportedmodel.h"
#include "export/private/exportedmodelprivate.h"
#include "inference/trainedmodel.h"
#include "models/private/modelprivate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// deepterra-cli export on a U-Net trained for two epochs on the Olinda demo, and the exported model
// loaded back as predict and forecast load it (ExportedModel).
class TestCliExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportsTheThreeFormats();
    void cardHasEveryField();
    void exportedModelMatchesTheRun();
    void onnxOfTheRunMatchesInOpenCv();
    void badUsageIsOneClearLine();

private:
    using Result = test::CliResult;
    Result run(const QStringList &arguments);
    QTemporaryDir m_dir;
};

TestCliExport::Result TestCliExport::run(const QStringList &arguments)
{
    return test::runCli(m_dir.path(), arguments);
}

void TestCliExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Result init = run(
        { QStringLiteral("init"), QStringLiteral("olinda.deepterra"), QStringLiteral("--task"),
          QStringLiteral("segmentation"), QStringLiteral("--image"),
          deepterra::test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--labels"),
          QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
          QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--patch"),
          QStringLiteral("32"), QStringLiteral("--stride"), QStringLiteral("32"), QStringLiteral("--epochs"),
          QStringLiteral("2"), QStringLiteral("--batch"), QStringLiteral("8") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("run1") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
}

void TestCliExport::exportsTheThreeFormats()
{
    for (const char *format : { "torchscript", "onnx", "card" }) {
        const QString file = QStringLiteral("model.") + QLatin1String(format);
        const Result r = run({ QStringLiteral("export"), QStringLiteral("run1"), QStringLiteral("--format"),
                               QLatin1String(format), QStringLiteral("--output"), file });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Wrote model.")));
        QVERIFY2(QFileInfo(m_dir.filePath(file)).size() > 0, format);
    }
    // The card is JSON; the .pt is a zip archive (TorchScript's container); ONNX starts with
    // field 1 (ir_version, varint 7): bytes 08 07.
    QFile pt(m_dir.filePath(QStringLiteral("model.torchscript")));
    QVERIFY(pt.open(QIODevice::ReadOnly));
    QCOMPARE(pt.read(2), QByteArray("PK"));
    QFile onnx(m_dir.filePath(QStringLiteral("model.onnx")));
    QVERIFY(onnx.open(QIODevice::ReadOnly));
    QCOMPARE(onnx.read(2).toHex(), QByteArray("0807"));
}

void TestCliExport::cardHasEveryField()
{
    QFile file(m_dir.filePath(QStringLiteral("model.card")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject card = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(card.value(QStringLiteral("format")).toString(), QStringLiteral("deepterra-model-card"));
    QCOMPARE(card.value(QStringLiteral("task")).toString(), QStringLiteral("segmentation"));
    QCOMPARE(card.value(QStringLiteral("model")).toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("unet"));
    const QJsonObject input = card.value(QStringLiteral("input")).toObject();
    // L7_ETMs.tif has six bands (gdalinfo).
    QCOMPARE(input.value(QStringLiteral("bands")).toArray().size(), 6);
    QCOMPARE(input.value(QStringLiteral("patchSize")).toInt(), 32);
    const QJsonObject normalization = input.value(QStringLiteral("normalization")).toObject();
    QCOMPARE(normalization.value(QStringLiteral("offsets")).toArray().size(), 6);
    QCOMPARE(normalization.value(QStringLiteral("scales")).toArray().size(), 6);
    QVERIFY(card.value(QStringLiteral("output"))
                .toObject()
                .value(QStringLiteral("description"))
                .toString()
                .contains(QStringLiteral("logits")));
    const QJsonArray classes = card.value(QStringLiteral("classes")).toArray();
    QVERIFY(classes.size() >= 2);
    for (const QJsonValue &c : classes) {
        QVERIFY(c.toObject().contains(QStringLiteral("value")));
        QVERIFY(!c.toObject().value(QStringLiteral("name")).toString().isEmpty());
        QVERIFY(c.toObject().value(QStringLiteral("color")).toString().startsWith(QLatin1Char('#')));
    }
    const QJsonObject data = card.value(QStringLiteral("trainingData")).toObject();
    QCOMPARE(data.value(QStringLiteral("crs")).toString(), QStringLiteral("EPSG:31985")); // gdalinfo
    const QJsonArray resolution = data.value(QStringLiteral("resolution")).toArray();
    QCOMPARE(resolution.size(), 2);
    // gdalinfo: Pixel Size = (28.5, -28.5), rounded; the file stores 28.4999999993.
    QVERIFY(std::abs(resolution[0].toDouble() - 28.5) < 1e-6);
    QVERIFY(std::abs(resolution[1].toDouble() - 28.5) < 1e-6);
    const QJsonObject validation = card.value(QStringLiteral("validation")).toObject();
    QVERIFY(validation.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("val_mean_iou")));
    const QJsonObject software = card.value(QStringLiteral("software")).toObject();
    for (const char *key : { "deepterra", "qt", "libtorch", "gdal" })
        QVERIFY2(!software.value(QLatin1String(key)).toString().isEmpty(), key);
    QVERIFY(card.value(QStringLiteral("trainingConfig")).toObject().contains(QStringLiteral("training")));
    QCOMPARE(card.value(QStringLiteral("runConfig")).toObject().value(QStringLiteral("format")).toString(),
             QStringLiteral("deepterra-run"));
}

void TestCliExport::exportedModelMatchesTheRun()
{
    const TrainedModel trained = TrainedModel::loadRun(m_dir.filePath(QStringLiteral("run1")));
    const ExportedModel exported = ExportedModel::load(m_dir.filePath(QStringLiteral("model.torchscript")),
                                                       m_dir.filePath(QStringLiteral("model.card")));
    QCOMPARE(exported.metadata().task(), trained.metadata().task());
    QCOMPARE(exported.metadata().inputChannels(), trained.metadata().inputChannels());
    QCOMPARE(exported.metadata().patchSize(), trained.metadata().patchSize());
    QCOMPARE(exported.metadata().classes().size(), trained.metadata().classes().size());
    QCOMPARE(exported.metadata().normalizer().offsets, trained.metadata().normalizer().offsets);
    QCOMPARE(exported.metadata().normalizer().scales, trained.metadata().normalizer().scales);
    QVERIFY(exported.metadata().trainingGrid().crs.isSameAs(trained.metadata().trainingGrid().crs));
    QCOMPARE(exported.metadata().spec().kind(), trained.metadata().spec().kind());

    torch::manual_seed(3);
    const torch::Tensor x = torch::randn({ 2, 6, 32, 32 });
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = trained.model().privateData().network->forward(x);
    const torch::Tensor actual = exported.privateData().forward(x);
    QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
    QVERIFY((actual - expected).abs().max().item<double>() <= 1e-6);

    // The plain-float entry point and the card inside the .pt give the same.
    const ExportedModel embedded = ExportedModel::load(m_dir.filePath(QStringLiteral("model.torchscript")));
    std::vector<float> input(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    std::vector<std::int64_t> shape;
    const std::vector<float> values = embedded.forward(input, { 2, 6, 32, 32 }, &shape);
    QCOMPARE(shape, expected.sizes().vec());
    const torch::Tensor flat = expected.contiguous();
    for (std::size_t i = 0; i < values.size(); i += 97)
        QVERIFY(std::abs(values[i] - flat.data_ptr<float>()[i]) <= 1e-6f);

    // A card that is not one is refused with the file named.
    QFile bogus(m_dir.filePath(QStringLiteral("bogus.json")));
    QVERIFY(bogus.open(QIODevice::WriteOnly));
    bogus.write("{\"format\": \"something else\"}");
    bogus.close();
    QVERIFY_THROWS_EXCEPTION(
        DataError,
        ExportedModel::load(m_dir.filePath(QStringLiteral("model.torchscript")), bogus.fileName()));
}

// The trained U-Net (real batch-norm statistics) through ONNX in OpenCV's DNN module. Needs
// /usr/bin/python3 with python3-onnx and python3-opencv (scripts/install-deps.sh --test).
void TestCliExport::onnxOfTheRunMatchesInOpenCv()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"),
                { QStringLiteral("-c"), QStringLiteral("import onnx, cv2, numpy") });
    if (!probe.waitForFinished(120000) || probe.exitCode() != 0)
        QSKIP("/usr/bin/python3 lacks python3-onnx or python3-opencv");
    const TrainedModel trained = TrainedModel::loadRun(m_dir.filePath(QStringLiteral("run1")));
    torch::manual_seed(5);
    const torch::Tensor x = torch::randn({ 1, 6, 32, 32 });
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = trained.model().privateData().network->forward(x).contiguous();
    for (const auto &[name, t] : { std::pair { "onnx.in", x }, std::pair { "onnx.out", expected } }) {
        QFile file(m_dir.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(reinterpret_cast<const char *>(t.data_ptr<float>()), qint64(t.numel() * sizeof(float)));
    }
    QProcess python;
    python.setWorkingDirectory(m_dir.path());
    python.start(
        QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"),
          QStringLiteral("import numpy, onnx, cv2\n"
                         "onnx.checker.check_model(onnx.load('model.onnx'), full_check=True)\n"
                         "net = cv2.dnn.readNetFromONNX('model.onnx')\n"
                         "net.setInput(numpy.fromfile('onnx.in', dtype='<f4').reshape(1, 6, 32, 32))\n"
                         "y = net.forward().ravel()\n"
                         "expected = numpy.fromfile('onnx.out', dtype='<f4')\n"
                         "assert y.size == expected.size\n"
                         "print(float(numpy.abs(y - expected).max()))\n") });
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const double difference = python.readAllStandardOutput().trimmed().toDouble();
    QVERIFY2(difference <= 1e-4, qPrintable(QString::number(difference)));
}

void TestCliExport::badUsageIsOneClearLine()
{
    const Result format
        = run({ QStringLiteral("export"), QStringLiteral("run1"), QStringLiteral("--format"),
                QStringLiteral("tflite"), QStringLiteral("--output"), QStringLiteral("m.tflite") });
    QCOMPARE(format.exitCode, 2);
    QCOMPARE(format.err.trimmed().count(QLatin1Char('\n')), 0);
    QVERIFY(format.err.contains(QStringLiteral("unknown format \"tflite\"")));

    const Result unwritable = run({ QStringLiteral("export"), QStringLiteral("run1"),
                                    QStringLiteral("--format"), QStringLiteral("onnx"),
                                    QStringLiteral("--output"), QStringLiteral("no-such-folder/m.onnx") });
    QCOMPARE(unwritable.exitCode, 1);
    QCOMPARE(unwritable.err.trimmed().count(QLatin1Char('\n')), 0);
    QVERIFY2(unwritable.err.contains(QStringLiteral("m.onnx")), qPrintable(unwritable.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("no-such-folder/m.onnx"))));

    const Result notARun
        = run({ QStringLiteral("export"), QStringLiteral("."), QStringLiteral("--format"),
                QStringLiteral("card"), QStringLiteral("--output"), QStringLiteral("c.json") });
    QCOMPARE(notARun.exitCode, 1);
    QCOMPARE(notARun.err.trimmed().count(QLatin1Char('\n')), 0);

    const Result missing = run({ QStringLiteral("export"), QStringLiteral("run1") });
    QCOMPARE(missing.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "testcliexport.moc"
