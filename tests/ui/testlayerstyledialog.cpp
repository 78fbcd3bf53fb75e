#include "map/mapcanvas.h"
#include "render/colorramp.h"
#include "render/maplayerdata.h"
#include "workspace/layerspanel.h"
#include "workspace/layerstyledialog.h"
#include "workspace/mainwindow.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"
#include "workspacetest.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTreeWidget>
#include <QtTest>

using namespace deepterra;

namespace {

// Selects the item whose data is `value`, as picking it in the list does.
bool choose(QComboBox *combo, const QVariant &value)
{
    const int index = combo ? combo->findData(value) : -1;
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

void click(LayerStyleDialog *dialog, QDialogButtonBox::StandardButton which)
{
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(which), Qt::LeftButton);
}

// How far `color` lies from the nearest colour of the ramp (largest channel difference).
int distanceToRamp(QRgb color, const ColorRamp &ramp)
{
    int best = 255;
    for (int i = 0; i <= 1000; ++i) {
        const ColorEntry c = ramp.colorAt(i / 1000.0);
        best = std::min(best,
                        std::max({ std::abs(qRed(color) - c.red), std::abs(qGreen(color) - c.green),
                                   std::abs(qBlue(color) - c.blue) }));
    }
    return best;
}

} // namespace

// The style dialog as a user drives it from the window: a false-colour composite with a min-max
// stretch for the Landsat scene, a colour ramp and the hillshade for the DEM; each accepted
// style lands in the project and on the map.
class TestLayerStyleDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compositeBandsAndStretch();
    void demRampAndHillshade();

private:
    static LayerStyleDialog *openDialog(MainWindow &window, const QString &id);
};

void TestLayerStyleDialog::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestLayerStyleDialog"));
}

LayerStyleDialog *TestLayerStyleDialog::openDialog(MainWindow &window, const QString &id)
{
    window.layersPanel()->selectLayer(id);
    window.editStyle(id);
    const auto dialogs = window.findChildren<LayerStyleDialog *>();
    return dialogs.size() == 1 && dialogs.front()->isVisible() ? dialogs.front() : nullptr;
}

void TestLayerStyleDialog::compositeBandsAndStretch()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    MapCanvas *canvas = window.mapCanvas();
    window.projectController()->setVisible(QStringLiteral("training"), false);
    QVERIFY(test::waitForFullImage(canvas));
    // The centre of Landsat pixel (42, 202), where gdallocationinfo reads bands 2, 3, 4 as 61, 67, 52.
    const QPoint probe
        = canvas->view().toScreen(QPointF(288776.25 + 42.5 * 28.5, 9120760.75 - 202.5 * 28.5)).toPoint();
    const QRgb before = canvas->renderedImage().pixel(probe);

    QPointer<LayerStyleDialog> dialog = openDialog(window, QStringLiteral("landsat"));
    QVERIFY(dialog);
    // It opens on the project's style: true colour (3, 2, 1), percentile stretch.
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("redBand"))->currentData().toInt(), 3);
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("stretchCombo"))->currentData().toInt(),
             int(LayerStyle::Stretch::Percentile));

    // NIR, red, green: vegetation in red; stretched from each band's minimum to its maximum.
    QVERIFY(choose(dialog->findChild<QComboBox *>(QStringLiteral("redBand")), 4));
    QVERIFY(choose(dialog->findChild<QComboBox *>(QStringLiteral("greenBand")), 3));
    QVERIFY(choose(dialog->findChild<QComboBox *>(QStringLiteral("blueBand")), 2));
    QVERIFY(choose(dialog->findChild<QComboBox *>(QStringLiteral("stretchCombo")),
                   int(LayerStyle::Stretch::MinMax)));
    QVERIFY(!dialog->findChild<QDoubleSpinBox *>(QStringLiteral("lowPercent"))->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("legendText"))
                ->text()
                .contains(QStringLiteral("Red: 4 · nir")));

    QSignalSpy rendered(canvas, &MapCanvas::rendered);
    click(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 5000); // closed and deleted

    const QJsonObject style = window.project()->layer(QStringLiteral("landsat"))->style;
    QCOMPARE(style.value(QStringLiteral("renderer")).toString(), QStringLiteral("rgb"));
    QCOMPARE(style.value(QStringLiteral("red")).toInt(), 4);
    QCOMPARE(style.value(QStringLiteral("green")).toInt(), 3);
    QCOMPARE(style.value(QStringLiteral("blue")).toInt(), 2);
    QCOMPARE(style.value(QStringLiteral("stretch")).toString(), QStringLiteral("minmax"));
    QVERIFY(!style.contains(QStringLiteral("low")));
    QVERIFY(window.isModified());
    QCOMPARE(window.layersPanel()->tree()->topLevelItem(1)->child(0)->text(0),
             QStringLiteral("Red: 4 · nir"));

    // Redrawn: bands 4, 3, 2 span 9..255, 21..255 and 32..255 (gdalinfo -mm), so the pixel is
    // (52 - 9) / 246, (67 - 21) / 234, (61 - 32) / 223 of 255: 45, 50, 33.
    QVERIFY(rendered.wait(10000));
    QVERIFY(test::waitForFullImage(canvas));
    const QRgb after = canvas->renderedImage().pixel(probe);
    QVERIFY(after != before);
    QVERIFY2(std::abs(qRed(after) - 45) <= 1 && std::abs(qGreen(after) - 50) <= 1
                 && std::abs(qBlue(after) - 33) <= 1,
             qPrintable(QColor(after).name()));
}

void TestLayerStyleDialog::demRampAndHillshade()
{
    MainWindow window;
    QVERIFY(test::openDemo(window));
    MapCanvas *canvas = window.mapCanvas();
    ProjectController *project = window.projectController();
    project->setVisible(QStringLiteral("training"), false);
    project->setVisible(QStringLiteral("landsat"), false);
    project->setVisible(QStringLiteral("dem"), true);
    project->setOpacity(QStringLiteral("dem"), 1.0);
    QVERIFY(test::waitForFullImage(canvas));
    // A 5 x 5 grid of points inside the DEM's extent.
    const QRectF extent = window.workspace()->data(QStringLiteral("dem"))->mapExtent;
    std::vector<QPoint> probes;
    for (int i = 1; i <= 5; ++i)
        for (int j = 1; j <= 5; ++j)
            probes.push_back(canvas->view()
                                 .toScreen(QPointF(extent.left() + extent.width() * i / 6.0,
                                                   extent.top() + extent.height() * j / 6.0))
                                 .toPoint());
    const QImage shadedElevation = canvas->renderedImage();

    // viridis without the hillshade, applied with the dialog still open.
    QPointer<LayerStyleDialog> dialog = openDialog(window, QStringLiteral("dem"));
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("rendererCombo"))->currentData().toInt(),
             int(LayerStyle::Renderer::Dem));
    auto *hillshade = dialog->findChild<QGroupBox *>(QStringLiteral("hillshadeBox"));
    QVERIFY(hillshade->isVisible() && hillshade->isChecked());
    QVERIFY(choose(dialog->findChild<QComboBox *>(QStringLiteral("rampCombo")), QStringLiteral("viridis")));
    hillshade->setChecked(false);
    QSignalSpy rendered(canvas, &MapCanvas::rendered);
    click(dialog, QDialogButtonBox::Apply);
    QVERIFY(dialog->isVisible());
    QJsonObject style = window.project()->layer(QStringLiteral("dem"))->style;
    QCOMPARE(style.value(QStringLiteral("ramp")).toString(), QStringLiteral("viridis"));
    QCOMPARE(style.value(QStringLiteral("hillshade")).toBool(), false);
    QVERIFY(rendered.wait(10000));
    QVERIFY(test::waitForFullImage(canvas));
    // Every pixel is a viridis colour now (within the 256-entry lookup table's step), and the
    // map changed from the shaded elevation ramp.
    const ColorRamp viridis = *ColorRamp::named(QStringLiteral("viridis"));
    const QImage flat = canvas->renderedImage();
    int changed = 0;
    for (const QPoint &p : probes) {
        QVERIFY2(distanceToRamp(flat.pixel(p), viridis) <= 2, qPrintable(QColor(flat.pixel(p)).name()));
        changed += flat.pixel(p) != shadedElevation.pixel(p);
    }
    QCOMPARE(changed, int(probes.size()));

    // The hillshade back at full strength, lit from the west: the relief shades the colours off
    // the ramp on slopes.
    hillshade->setChecked(true);
    dialog->findChild<QSlider *>(QStringLiteral("hillshadeStrength"))->setValue(100);
    dialog->findChild<QDoubleSpinBox *>(QStringLiteral("azimuth"))->setValue(270);
    rendered.clear();
    click(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 5000);
    style = window.project()->layer(QStringLiteral("dem"))->style;
    QCOMPARE(style.value(QStringLiteral("hillshade")).toBool(), true);
    QCOMPARE(style.value(QStringLiteral("hillshadeStrength")).toDouble(), 1.0);
    QCOMPARE(style.value(QStringLiteral("azimuth")).toDouble(), 270.0);
    QCOMPARE(style.value(QStringLiteral("ramp")).toString(), QStringLiteral("viridis"));
    QVERIFY(rendered.wait(10000));
    QVERIFY(test::waitForFullImage(canvas));
    const QImage shaded = canvas->renderedImage();
    int offRamp = 0;
    for (const QPoint &p : probes)
        offRamp += distanceToRamp(shaded.pixel(p), viridis) > 10;
    QVERIFY2(offRamp >= 5, qPrintable(QString::number(offRamp)));
}

QTEST_MAIN(TestLayerStyleDialog)
#include "testlayerstyledialog.moc"
