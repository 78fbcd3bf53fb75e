#include "common/dataerror.h"
#include "render/coordinatetransformer.h"

#include <QtTest>

using namespace deepterra;

class TestCoordinateTransformer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utmToLonLatMatchesGdaltransform();
    void lonLatToUtmMatchesGdaltransform();
    void sameOrMissingCrsIsTheIdentity();
    void boundsFollowTheCurvedEdges();
    void batchMarksFailedPoints();
};

void TestCoordinateTransformer::utmToLonLatMatchesGdaltransform()
{
    // echo "290000 9115000" | gdaltransform -s_srs EPSG:31985 -t_srs EPSG:4326
    //   -> -34.9053093480779 -8.00195339479435 (longitude first)
    const CoordinateTransformer toLonLat(CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")),
                                         CoordinateTransformer::lonLat());
    QVERIFY(!toLonLat.isIdentity());
    const auto p = toLonLat.transform(QPointF(290000, 9115000));
    QVERIFY(p);
    QVERIFY(std::abs(p->x() - -34.9053093480779) < 1e-9);
    QVERIFY(std::abs(p->y() - -8.00195339479435) < 1e-9);
}

void TestCoordinateTransformer::lonLatToUtmMatchesGdaltransform()
{
    // echo "-34.9 -8.0" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:31985
    //   -> 290584.397708799 9115218.77291869
    const CoordinateTransformer toUtm(CoordinateTransformer::lonLat(),
                                      CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")));
    const auto p = toUtm.transform(QPointF(-34.9, -8.0));
    QVERIFY(p);
    QVERIFY(std::abs(p->x() - 290584.397708799) < 1e-5);
    QVERIFY(std::abs(p->y() - 9115218.77291869) < 1e-5);
}

void TestCoordinateTransformer::sameOrMissingCrsIsTheIdentity()
{
    const CrsInfo utm = CrsInfo::fromUserInput(QStringLiteral("EPSG:31985"));
    QVERIFY(CoordinateTransformer(utm, utm).isIdentity());
    QVERIFY(CoordinateTransformer(utm, CrsInfo()).isIdentity());
    QVERIFY(CoordinateTransformer(CrsInfo(), utm).isIdentity());
    const auto p = CoordinateTransformer(CrsInfo(), utm).transform(QPointF(1.5, -2.5));
    QCOMPARE(*p, QPointF(1.5, -2.5));
}

void TestCoordinateTransformer::boundsFollowTheCurvedEdges()
{
    // A 1 x 1 degree cell in UTM 25S is no rectangle: gdaltransform puts (-35, -8) at easting
    // 279558.3 and (-35, -7) at 279054.1. The box must hold every transformed corner.
    const CoordinateTransformer toUtm(CoordinateTransformer::lonLat(),
                                      CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")));
    const auto box = toUtm.transformBounds(QRectF(QPointF(-35, -8), QPointF(-34, -7)));
    QVERIFY(box);
    for (const QPointF corner : { QPointF(-35, -8), QPointF(-35, -7), QPointF(-34, -8), QPointF(-34, -7) }) {
        const QPointF p = *toUtm.transform(corner);
        QVERIFY(p.x() >= box->left() - 1e-6 && p.x() <= box->right() + 1e-6);
        QVERIFY(p.y() >= box->top() - 1e-6 && p.y() <= box->bottom() + 1e-6);
    }
    // Its western and southern sides come from the north-western and south-western corners
    // (gdaltransform of (-35, -7.5) and (-34.5, -8) lies inside).
    QVERIFY(std::abs(box->left() - 279054.111380702) < 1e-3);
    QVERIFY(std::abs(box->top() - 9115166.52603345) < 1e-3);
}

void TestCoordinateTransformer::batchMarksFailedPoints()
{
    // Latitude 100 does not exist: PROJ fails that point and only that one.
    const CoordinateTransformer toUtm(CoordinateTransformer::lonLat(),
                                      CrsInfo::fromUserInput(QStringLiteral("EPSG:31985")));
    std::vector<double> x { -34.9, -34.9 };
    std::vector<double> y { -8.0, 100.0 };
    QVERIFY(!toUtm.transform(x, y));
    QVERIFY(std::isfinite(x[0]));
    QVERIFY(std::isinf(x[1]));
}

QTEST_GUILESS_MAIN(TestCoordinateTransformer)
#include "testcoordinatetransformer.moc"
