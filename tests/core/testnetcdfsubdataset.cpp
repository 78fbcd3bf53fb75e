#include "geodata/netcdfsubdataset.h"

#include <QtTest>

using namespace deepterra;

class TestNetCdfSubdataset : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesGdalNames_data();
    void parsesGdalNames();
    void refusesOtherNames();
};

void TestNetCdfSubdataset::parsesGdalNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("variable");
    QTest::newRow("quoted") << QStringLiteral("NETCDF:\"sst.nc\":sst") << QStringLiteral("sst.nc")
                            << QStringLiteral("sst");
    // The quotes are what let a path hold colons and spaces.
    QTest::newRow("colon in path") << QStringLiteral("NETCDF:\"C:/data/my sst.nc\":analysed_sst")
                                   << QStringLiteral("C:/data/my sst.nc") << QStringLiteral("analysed_sst");
    QTest::newRow("unquoted") << QStringLiteral("NETCDF:/data/sst.nc:sst") << QStringLiteral("/data/sst.nc")
                              << QStringLiteral("sst");
    QTest::newRow("lower case driver")
        << QStringLiteral("netcdf:\"a.nc\":tas") << QStringLiteral("a.nc") << QStringLiteral("tas");
}

void TestNetCdfSubdataset::parsesGdalNames()
{
    QFETCH(QString, name);
    QFETCH(QString, path);
    QFETCH(QString, variable);
    const std::optional<NetCdfSubdataset> parsed = NetCdfSubdataset::parse(name);
    QVERIFY(parsed);
    QCOMPARE(parsed->path, path);
    QCOMPARE(parsed->variable, variable);
    QCOMPARE(NetCdfSubdataset::parse(parsed->toString())->path, path);
    QVERIFY(parsed->toString().startsWith(QLatin1String("NETCDF:\"")));
}

void TestNetCdfSubdataset::refusesOtherNames()
{
    for (const QString &name :
         { QStringLiteral("sst.nc"), QStringLiteral("HDF5:\"a.h5\"://x"), QStringLiteral("NETCDF:\"a.nc\""),
           QStringLiteral("NETCDF:\"a.nc\":"), QStringLiteral("NETCDF:\"a.nc"), QStringLiteral("NETCDF:") })
        QVERIFY2(!NetCdfSubdataset::parse(name), qPrintable(name));
}

QTEST_GUILESS_MAIN(TestNetCdfSubdataset)
#include "testnetcdfsubdataset.moc"
