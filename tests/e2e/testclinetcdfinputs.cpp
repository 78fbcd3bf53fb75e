#include "clirun.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

// NetCDF variables as training inputs, as a user gives them to deepterra-cli: a raster autoencoder
// on a gridded variable (its time steps are the bands), an LSTM on one cell's series and on the
// mean over a box, and the clear refusals.
class TestCliNetCdfInputs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rasterAutoencoderOnAVariable();
    void lstmOnACellsSeries();
    void lstmOnABoxMean();
    void badNetCdfInputsAreRefused();

private:
    using Result = deepterra::test::CliResult;
    Result run(const QStringList &arguments) { return deepterra::test::runCli(m_dir.path(), arguments); }
    QJsonObject readJson(const QString &relative) const;

    QTemporaryDir m_dir;
    QString m_bcsd;
    QString m_stageiv;
};

namespace {
const QString precipitation = QStringLiteral("Total_precipitation_surface_1_Hour_Accumulation");
} // namespace

void TestCliNetCdfInputs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_bcsd = deepterra::test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc"));
    m_stageiv = deepterra::test::samplePath(QStringLiteral("nc/test_stageiv_xyt.nc"));
}

QJsonObject TestCliNetCdfInputs::readJson(const QString &relative) const
{
    QFile file(m_dir.filePath(relative));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void TestCliNetCdfInputs::rasterAutoencoderOnAVariable()
{
    // The subdataset name exactly as gdalinfo lists it.
    const Result init = run({ QStringLiteral("init"), QStringLiteral("tas.deepterra"),
                              QStringLiteral("--task"), QStringLiteral("raster-autoencoder"),
                              QStringLiteral("--image"), QStringLiteral("NETCDF:\"%1\":tas").arg(m_bcsd),
                              QStringLiteral("--patch"), QStringLiteral("16"), QStringLiteral("--stride"),
                              QStringLiteral("8"), QStringLiteral("--epochs"), QStringLiteral("2"),
                              QStringLiteral("--batch"), QStringLiteral("4") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const QJsonObject layer = readJson(QStringLiteral("tas.deepterra"))
                                  .value(QStringLiteral("layers"))
                                  .toArray()
                                  .first()
                                  .toObject();
    QCOMPARE(layer.value(QStringLiteral("kind")).toString(), QStringLiteral("cube"));
    QVERIFY2(layer.value(QStringLiteral("path")).toString().endsWith(QLatin1String("bcsd_obs_1999.nc")),
             qPrintable(layer.value(QStringLiteral("path")).toString()));
    // The project file keeps a layer's properties beside its path.
    QCOMPARE(layer.value(QStringLiteral("variable")).toString(), QStringLiteral("tas"));

    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("tas.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("tas-run") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    const QJsonObject metrics = readJson(QStringLiteral("tas-run/metrics.json"));
    QCOMPARE(metrics.value(QStringLiteral("epochsCompleted")).toInt(), 2);
    // The twelve months of tas are the twelve input channels.
    const QJsonObject config = readJson(QStringLiteral("tas-run/config.json"));
    QVERIFY2(
        QJsonDocument(config).toJson().contains(QByteArray("NETCDF:\\\"" + m_bcsd.toUtf8() + "\\\":tas")),
        "config.json names the variable it trained on");

    // The anomaly map of the same variable, on its grid (81 x 33 cells).
    const Result predict = run({ QStringLiteral("predict"), QStringLiteral("tas-run"),
                                 QStringLiteral("--input"), QStringLiteral("NETCDF:\"%1\":tas").arg(m_bcsd),
                                 QStringLiteral("--output"), QStringLiteral("tas-anomaly.tif") });
    QVERIFY2(predict.exitCode == 0, qPrintable(predict.err));
    const Result info = run({ QStringLiteral("info"), QStringLiteral("tas-anomaly.tif") });
    QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    QVERIFY2(info.out.contains(QLatin1String("81")) && info.out.contains(QLatin1String("33")),
             qPrintable(info.out));
}

void TestCliNetCdfInputs::lstmOnACellsSeries()
{
    // TestNetCdfCube checks this cell's 23 hourly values against GDAL and numpy.
    const Result init = run({ QStringLiteral("init"),       QStringLiteral("cell.deepterra"),
                              QStringLiteral("--task"),     QStringLiteral("forecasting"),
                              QStringLiteral("--series"),   m_stageiv,
                              QStringLiteral("--variable"), precipitation,
                              QStringLiteral("--at"),       QStringLiteral("-77.96,35.0"),
                              QStringLiteral("--lookback"), QStringLiteral("4"),
                              QStringLiteral("--horizon"),  QStringLiteral("1"),
                              QStringLiteral("--model"),    QStringLiteral("seed-lstm"),
                              QStringLiteral("--epochs"),   QStringLiteral("2"),
                              QStringLiteral("--batch"),    QStringLiteral("4") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    const QJsonObject layer = readJson(QStringLiteral("cell.deepterra"))
                                  .value(QStringLiteral("layers"))
                                  .toArray()
                                  .first()
                                  .toObject();
    QCOMPARE(layer.value(QStringLiteral("kind")).toString(), QStringLiteral("series"));
    const QJsonObject &properties = layer;
    QCOMPARE(properties.value(QStringLiteral("variable")).toString(), precipitation);
    QCOMPARE(properties.value(QStringLiteral("lon")).toDouble(), -77.96);
    QCOMPARE(properties.value(QStringLiteral("lat")).toDouble(), 35.0);

    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("cell.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("cell-run") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    QVERIFY2(train.err.contains(QStringLiteral("lon=-77.96&lat=35")), qPrintable(train.err));
    const QJsonObject metrics = readJson(QStringLiteral("cell-run/metrics.json"));
    QCOMPARE(metrics.value(QStringLiteral("epochsCompleted")).toInt(), 2);
    QVERIFY(metrics.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("val_rmse")));
    // 23 hours, lookback 4 + horizon 1: 19 windows between training and validation.
    const QJsonObject data
        = readJson(QStringLiteral("cell-run/config.json")).value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("rows")).toInt(), 23);
    QCOMPARE(data.value(QStringLiteral("targets")).toArray(), QJsonArray { precipitation });
}

void TestCliNetCdfInputs::lstmOnABoxMean()
{
    // The whole source in one argument, as config.json and the forecast command write it.
    const Result init
        = run({ QStringLiteral("init"), QStringLiteral("box.deepterra"), QStringLiteral("--task"),
                QStringLiteral("forecasting"), QStringLiteral("--series"),
                QStringLiteral("NETCDF:\"%1\":%2?box=-78.5,34.5,-77.5,35.5").arg(m_stageiv, precipitation),
                QStringLiteral("--lookback"), QStringLiteral("4"), QStringLiteral("--epochs"),
                QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("4") });
    QVERIFY2(init.exitCode == 0, qPrintable(init.err));
    QCOMPARE(readJson(QStringLiteral("box.deepterra"))
                 .value(QStringLiteral("layers"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("box"))
                 .toArray(),
             (QJsonArray { -78.5, 34.5, -77.5, 35.5 }));
    const Result train
        = run({ QStringLiteral("train"), QStringLiteral("box.deepterra"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("box-run") });
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    QCOMPARE(
        readJson(QStringLiteral("box-run/metrics.json")).value(QStringLiteral("epochsCompleted")).toInt(), 1);
}

void TestCliNetCdfInputs::badNetCdfInputsAreRefused()
{
    const auto init = [&](const QString &name, const QStringList &more) {
        return run(QStringList { QStringLiteral("init"), name, QStringLiteral("--task") } + more);
    };
    // A NetCDF file holds several variables: which one is the user's to say.
    Result r = init(QStringLiteral("a.deepterra"),
                    { QStringLiteral("raster-autoencoder"), QStringLiteral("--image"), m_bcsd });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(m_bcsd
                            + QStringLiteral(": is a NetCDF file: name the variable with --variable "
                                             "(gridded variables: pr, tas)")),
             qPrintable(r.err));
    r = init(QStringLiteral("b.deepterra"),
             { QStringLiteral("raster-autoencoder"), QStringLiteral("--image"),
               QStringLiteral("NETCDF:\"%1\":sst").arg(m_bcsd) });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no variable named sst (gridded variables: pr, tas)")),
             qPrintable(r.err));
    r = init(QStringLiteral("c.deepterra"),
             { QStringLiteral("forecasting"), QStringLiteral("--series"), m_bcsd,
               QStringLiteral("--variable"), QStringLiteral("tas") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("needs --at LON,LAT or --box")), qPrintable(r.err));
    r = init(QStringLiteral("d.deepterra"),
             { QStringLiteral("forecasting"), QStringLiteral("--series"), m_bcsd,
               QStringLiteral("--variable"), QStringLiteral("tas"), QStringLiteral("--at"),
               QStringLiteral("10,10") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(m_bcsd + QStringLiteral(": lon 10, lat 10 lies outside the grid")),
             qPrintable(r.err));
    r = init(QStringLiteral("e.deepterra"),
             { QStringLiteral("forecasting"), QStringLiteral("--series"),
               QStringLiteral("NETCDF:\"%1\":tas?box=1,2").arg(m_bcsd) });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("the box needs four numbers")), qPrintable(r.err));
    for (const char *name : { "a", "b", "c", "d", "e" })
        QVERIFY(!QFile::exists(m_dir.filePath(QLatin1String(name) + QStringLiteral(".deepterra"))));
}

QTEST_GUILESS_MAIN(TestCliNetCdfInputs)
#include "testclinetcdfinputs.moc"
