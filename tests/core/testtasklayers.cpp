#include "common/dataerror.h"
#include "project/project.h"
#include "testdata.h"
#include "training/tasklayers.h"

#include <QtTest>

using namespace deepterra;

class TestTaskLayers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsTheLayer();
    void unknownLayerListsTheLayers();
    void wrongKindSaysWhatIsExpected();
};

namespace {
Project project()
{
    Project p;
    p.filePath = QStringLiteral("/data/olinda.deepterra");
    ProjectLayer image;
    image.id = QStringLiteral("landsat");
    image.kind = LayerKind::Imagery;
    ProjectLayer labels;
    labels.id = QStringLiteral("training");
    labels.kind = LayerKind::VectorLabels;
    p.layers = { image, labels };
    return p;
}
} // namespace

void TestTaskLayers::findsTheLayer()
{
    const Project p = project();
    const ProjectLayer &layer = TaskLayers::require(p, QStringLiteral("training"), QStringLiteral("labels"),
                                                    { LayerKind::VectorLabels, LayerKind::ClassRaster });
    QCOMPARE(&layer, &p.layers[1]);
}

void TestTaskLayers::unknownLayerListsTheLayers()
{
    QString path;
    const QString cause = test::dataErrorCause(
        [] {
            TaskLayers::require(project(), QStringLiteral("sentinel"), QStringLiteral("image"),
                                { LayerKind::Imagery });
        },
        &path);
    QCOMPARE(path, QStringLiteral("/data/olinda.deepterra"));
    QVERIFY2(cause.contains(QStringLiteral("\"sentinel\""))
                 && cause.contains(QStringLiteral("landsat, training")),
             qPrintable(cause));
    QVERIFY(!test::dataErrorCause([] {
                 TaskLayers::require(project(), QString(), QStringLiteral("image"), { LayerKind::Imagery });
             }).isEmpty());
}

void TestTaskLayers::wrongKindSaysWhatIsExpected()
{
    const QString cause = test::dataErrorCause([] {
        TaskLayers::require(project(), QStringLiteral("training"), QStringLiteral("image"),
                            { LayerKind::Imagery, LayerKind::Dem });
    });
    QVERIFY2(cause.contains(QStringLiteral("vector-labels"))
                 && cause.contains(QStringLiteral("imagery or dem")),
             qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestTaskLayers)
#include "testtasklayers.moc"
