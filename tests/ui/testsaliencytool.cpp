// Model ▸ Where Does the Model Look?, driven as a user does: the action arms the map tool, a click
// on the image explains the run's class at that pixel, and the explanation appears as a layer over
// the image; a second click replaces it.

#include "resultsruntest.h"

#include "map/mapcanvas.h"
#include "results/saliencytool.h"
#include "workspace/mapworkspace.h"

#include <QAction>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

using namespace deepterra;

class TestSaliencyTool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void clickExplainsThePixelAsALayer();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestSaliencyTool::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestSaliencyTool"));
    QVERIFY(m_dir.isValid());
    if (!test::samplesAvailable(QStringLiteral("tif/L7_ETMs.tif")))
        QSKIP("scripts/fetch-samples.sh has not fetched the demo image");
    QString error;
    const QString project = test::writeTinyRun(m_dir.path(), &error);
    QVERIFY2(!project.isEmpty(), qPrintable(error));
    m_window = std::make_unique<MainWindow>();
    QVERIFY(test::openWithRun(*m_window, project));
}

void TestSaliencyTool::cleanupTestCase()
{
    m_window.reset();
}

void TestSaliencyTool::clickExplainsThePixelAsALayer()
{
    SaliencyTool *tool = m_window->results()->saliencyTool();
    QVERIFY(tool);
    QAction *action = tool->action();
    QVERIFY(action->isEnabled());
    action->trigger();
    MapCanvas *canvas = m_window->mapCanvas();
    QCOMPARE(canvas->tool(), MapCanvas::Tool::Explain);
    QVERIFY(action->isChecked());
    QVERIFY(test::waitForFullImage(canvas));

    QSignalSpy explained(tool, &SaliencyTool::explained);
    QSignalSpy messages(tool, &SaliencyTool::message);
    QSignalSpy failed(tool, &SaliencyTool::failed);
    const QPoint centre = canvas->rect().center();
    QTest::mouseClick(canvas, Qt::LeftButton, {}, centre);
    QVERIFY2(explained.wait(60000),
             failed.isEmpty() ? "no explanation" : qPrintable(failed.first().at(0).toString()));
    const QString id = explained.first().at(0).toString();
    QCOMPARE(id, tool->layerId());
    const ProjectLayer *layer = m_window->project()->layer(id);
    QVERIFY(layer);
    QCOMPARE(layer->kind, LayerKind::Prediction);
    QCOMPARE(layer->style.value(QStringLiteral("ramp")).toString(), QStringLiteral("magma"));
    const QString first = m_window->project()->absolutePath(*layer);
    QVERIFY(QFile::exists(first));
    // The status line names the class and the bands the model looked at.
    const QString text = messages.last().at(0).toString();
    QVERIFY2(text.contains(QStringLiteral("the model looked mostly at"))
                 && text.contains(QStringLiteral(" %")),
             qPrintable(text));
    // Every value is an attribution magnitude: finite and not negative, and not all zero.
    const std::vector<float> values = test::readBand(first);
    QCOMPARE(values.size(), std::size_t(128 * 128));
    float largest = 0.0f;
    for (float v : values) {
        QVERIFY(std::isfinite(v) && v >= 0.0f);
        largest = std::max(largest, v);
    }
    QVERIFY(largest > 0.0f);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->data(id) != nullptr, 30000);
    QVERIFY(test::waitForFullImage(canvas));
    test::shoot(*m_window, QStringLiteral("saliency"));

    // Another click elsewhere replaces the explanation: the same layer, a new file, the old one gone.
    QTest::mouseClick(canvas, Qt::LeftButton, {}, centre + QPoint(60, 40));
    QVERIFY(explained.wait(60000));
    QCOMPARE(explained.last().at(0).toString(), id);
    const QString second = m_window->project()->absolutePath(*m_window->project()->layer(id));
    QVERIFY(second != first);
    QVERIFY(QFile::exists(second));
    QVERIFY(!QFile::exists(first));
    int saliencyLayers = 0;
    for (const ProjectLayer &l : m_window->project()->layers)
        saliencyLayers += l.path.contains(QStringLiteral("saliency")) ? 1 : 0;
    QCOMPARE(saliencyLayers, 1);

    // Pan again: the tool's action follows.
    canvas->setTool(MapCanvas::Tool::Pan);
    QVERIFY(!action->isChecked());
}

QTEST_MAIN(TestSaliencyTool)
#include "testsaliencytool.moc"
