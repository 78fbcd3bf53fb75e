#include "project/layersource.h"
#include "project/project.h"

#include <QJsonArray>
#include <QtTest>

using namespace deepterra;

class TestLayerSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filesResolveAgainstTheProject();
    void netCdfVariablesBecomeSubdatasets();
    void netCdfSeriesCarryTheirPlace();
};

namespace {
Project projectAt(const QString &file)
{
    Project project;
    project.filePath = file;
    return project;
}

ProjectLayer layer(LayerKind kind, const QString &path, const QJsonObject &properties = {})
{
    ProjectLayer l;
    l.id = QStringLiteral("l");
    l.kind = kind;
    l.path = path;
    l.properties = properties;
    return l;
}
} // namespace

void TestLayerSource::filesResolveAgainstTheProject()
{
    const Project project = projectAt(QStringLiteral("/work/olinda/olinda.deepterra"));
    QCOMPARE(LayerSource::raster(project, layer(LayerKind::Imagery, QStringLiteral("data/L7.tif"))),
             QStringLiteral("/work/olinda/data/L7.tif"));
    QCOMPARE(LayerSource::series(project,
                                 layer(LayerKind::Series, QStringLiteral("co2.csv"),
                                       { { QStringLiteral("dateColumn"), QStringLiteral("date") } })),
             QStringLiteral("/work/olinda/co2.csv"));
}

void TestLayerSource::netCdfVariablesBecomeSubdatasets()
{
    const Project project = projectAt(QStringLiteral("/work/sst/sst.deepterra"));
    const QJsonObject variable { { QStringLiteral("variable"), QStringLiteral("sst") } };
    QCOMPARE(LayerSource::raster(project, layer(LayerKind::Cube, QStringLiteral("oisst.nc"), variable)),
             QStringLiteral("NETCDF:\"/work/sst/oisst.nc\":sst"));
    // A variable without a time axis is loaded as imagery, and opened the same way.
    QCOMPARE(LayerSource::raster(project,
                                 layer(LayerKind::Imagery, QStringLiteral("/data/dem.nc"),
                                       { { QStringLiteral("variable"), QStringLiteral("elevation") } })),
             QStringLiteral("NETCDF:\"/data/dem.nc\":elevation"));
}

void TestLayerSource::netCdfSeriesCarryTheirPlace()
{
    const Project project = projectAt(QStringLiteral("/work/sst/sst.deepterra"));
    const QJsonObject atPoint { { QStringLiteral("variable"), QStringLiteral("sst") },
                                { QStringLiteral("lon"), -30.5 },
                                { QStringLiteral("lat"), 12.25 } };
    QCOMPARE(LayerSource::series(project, layer(LayerKind::Series, QStringLiteral("oisst.nc"), atPoint)),
             QStringLiteral("NETCDF:\"/work/sst/oisst.nc\":sst?lon=-30.5&lat=12.25"));
    const QJsonObject box { { QStringLiteral("variable"), QStringLiteral("sst") },
                            { QStringLiteral("box"), QJsonArray { -40, 10, -20, 20 } } };
    QCOMPARE(LayerSource::series(project, layer(LayerKind::Series, QStringLiteral("oisst.nc"), box)),
             QStringLiteral("NETCDF:\"/work/sst/oisst.nc\":sst?box=-40,10,-20,20"));
}

QTEST_GUILESS_MAIN(TestLayerSource)
#include "testlayersource.moc"
