#pragma once

// The fixture of the set-up panel's tests (TestTrainingSetupPanel, TestTrainingSetupSections): the
// demo project and the CO2 series with their layers loaded by core as the workspace loads them, a
// panel shown per test, and helpers that drive its widgets as a user does.

#include "geodata/crsinfo.h"
#include "project/projectfile.h"
#include "render/maplayerdata.h"
#include "render/maplayerloader.h"
#include "testdata.h"
#include "training/taskinputspage.h"
#include "training/trainingsetuppanel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QHash>
#include <QtTest>

#include <memory>

namespace deepterra::test {

class TrainingSetupPanelFixture
{
protected:
    static bool samplesPresent()
    {
        return test::samplesAvailable(QStringLiteral("tif/L7_ETMs.tif"))
            && test::samplesAvailable(QStringLiteral("datasets/co2/co2.csv"));
    }

    // For initTestCase, once the samples are known to be there.
    void loadLayers()
    {
        m_demo = ProjectFile::load(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"));
        const Project co2 = co2Project();
        for (const Project *project : std::initializer_list<const Project *> { &m_demo, &co2 })
            for (const ProjectLayer &layer : project->layers)
                m_facts.insert(layer.id,
                               std::make_shared<const MapLayerData>(
                                   MapLayerLoader::load(layer, project->absolutePath(layer), CrsInfo())));
        QCOMPARE(m_facts.value(QStringLiteral("training"))->classes.size(), 4);
    }

    // For init: a fresh panel, shown.
    void showPanel()
    {
        m_panel = std::make_unique<TrainingSetupPanel>();
        m_panel->setLayerLookup([this](const QString &id) { return m_facts.value(id); });
        m_panel->resize(520, 900);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    static Project co2Project()
    {
        Project project;
        project.name = QStringLiteral("co2");
        ProjectLayer layer;
        layer.id = QStringLiteral("co2");
        layer.name = QStringLiteral("Mauna Loa CO2");
        layer.kind = LayerKind::Series;
        layer.path = test::samplePath(QStringLiteral("datasets/co2/co2.csv"));
        project.layers.push_back(layer);
        return project;
    }

    QString problemsText() const
    {
        QStringList lines;
        for (const SetupProblem &problem : m_panel->problems())
            lines << problem.field + QStringLiteral(": ") + problem.message;
        return lines.join(QLatin1Char('\n'));
    }

    void chooseItem(QComboBox *combo, int index)
    {
        QVERIFY(combo->isEnabled());
        QTest::mouseClick(combo, Qt::LeftButton);
        QAbstractItemView *view = combo->view();
        QTRY_VERIFY(view->isVisible());
        // The popup ignores a release within the double-click interval of its opening (it takes it for
        // the end of the click that opened it).
        QTest::qWait(QApplication::doubleClickInterval() + 50);
        const QModelIndex item = view->model()->index(index, combo->modelColumn(), combo->rootModelIndex());
        view->scrollTo(item);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(item).center());
        QTRY_VERIFY(!view->isVisible());
        QCOMPARE(combo->currentIndex(), index);
    }

    void chooseTask(TaskKind kind)
    {
        QComboBox *tasks = m_panel->taskPage()->taskCombo();
        chooseItem(tasks, tasks->findData(TaskConfig::kindName(kind)));
    }

    void typeInto(QWidget *editor, const QString &text)
    {
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
    }

    void openDemo()
    {
        m_panel->setProject(m_demo);
        m_panel->refreshLayers(m_demo);
    }

    void openCo2()
    {
        const Project project = co2Project();
        m_panel->setProject(project);
        m_panel->refreshLayers(project);
    }

    Project m_demo;
    QHash<QString, std::shared_ptr<const MapLayerData>> m_facts;
    std::unique_ptr<TrainingSetupPanel> m_panel;
};

} // namespace deepterra::test
