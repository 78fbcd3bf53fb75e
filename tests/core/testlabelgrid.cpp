#include "labels/labelgrid.h"

#include <QtTest>

using namespace deepterra;

class TestLabelGrid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsAndLookup();
};

void TestLabelGrid::countsAndLookup()
{
    LabelGrid labels;
    labels.grid.width = 3;
    labels.grid.height = 2;
    labels.classes = ClassTable::fromValues({ 4, 8, 15 });
    labels.indices = { 0, LabelGrid::kIgnore, 2, 2, 2, LabelGrid::kIgnore };
    QCOMPARE(labels.at(0, 0), 0);
    QCOMPARE(labels.at(2, 0), 2);
    QCOMPARE(labels.at(0, 1), 2);
    QCOMPARE(labels.at(2, 1), LabelGrid::kIgnore);
    QCOMPARE(labels.labelledCount(), std::size_t(4));
    // Class 8 (index 1) has no pixel but still gets its count.
    QCOMPARE(labels.countsPerClass(), (std::vector<std::size_t> { 1, 0, 3 }));
}

QTEST_GUILESS_MAIN(TestLabelGrid)
#include "testlabelgrid.moc"
