#include "runtime/gpuinventory.h"
#include "training/devicepage.h"
#include "training/trainingsetup.h"
#include "workspacetest.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace deepterra;

class TestDevicePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsEveryUsableGpuByNameAndMemory();
    void explainsWhyOnlyTheCpuIsAvailable();
    void choosingTheCpuAndThreadsEditsTheSetup();
    void keepsADeviceThisMachineLacksForTheValidator();
    void choosingMixedPrecisionEditsTheSetup();
};

void TestDevicePage::listsEveryUsableGpuByNameAndMemory()
{
    TrainingSetup setup;
    DevicePage page(&setup);
    const GpuInventory &gpus = GpuInventory::detected();
    QComboBox *combo = page.deviceCombo();
    QCOMPARE(combo->count(), 2 + gpus.usableGpuCount());
    QCOMPARE(combo->itemData(0).toString(), QStringLiteral("auto"));
    QCOMPARE(combo->itemData(1).toString(), QStringLiteral("cpu"));
    for (int index = 0; index < gpus.usableGpuCount(); ++index) {
        QCOMPARE(combo->itemData(2 + index).toString(), QStringLiteral("cuda:%1").arg(index));
        if (const GpuInfo *gpu = gpus.gpu(index))
            QVERIFY2(combo->itemText(2 + index).contains(gpu->description()),
                     qPrintable(combo->itemText(2 + index)));
    }
}

void TestDevicePage::explainsWhyOnlyTheCpuIsAvailable()
{
    TrainingSetup setup;
    DevicePage page(&setup);
    const QString reason = GpuInventory::detected().cpuOnlyReason();
    QCOMPARE(page.cpuOnlyNote(), reason);
    if (GpuInventory::detected().usableGpuCount() == 0)
        QVERIFY(page.cpuOnlyNote().startsWith(QLatin1String("CPU only: ")));
}

void TestDevicePage::choosingTheCpuAndThreadsEditsTheSetup()
{
    TrainingSetup setup;
    setup.training.device = QStringLiteral("auto");
    DevicePage page(&setup);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy edited(&page, &SetupForm::edited);
    QComboBox *combo = page.deviceCombo();
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(setup.training.device, QStringLiteral("cpu"));
    QSpinBox *threads = page.threadsSpin();
    threads->setFocus();
    threads->selectAll();
    QTest::keyClicks(threads, QStringLiteral("3"));
    QCOMPARE(setup.training.threads, 3);
    // Two processes, typed, then one more with the arrow key.
    QSpinBox *processes = page.processesSpin();
    QCOMPARE(processes->value(), 1);
    QCOMPARE(processes->text(), QStringLiteral("One"));
    processes->setFocus();
    processes->selectAll();
    QTest::keyClicks(processes, QStringLiteral("2"));
    QCOMPARE(setup.training.processes, 2);
    QTest::keyClick(processes, Qt::Key_Up);
    QCOMPARE(setup.training.processes, 3);
    QVERIFY(edited.count() >= 4);
    setup.training.processes = 4;
    page.load();
    QCOMPARE(processes->value(), 4);
    test::shoot(page, QStringLiteral("setup-device-processes"));
}

void TestDevicePage::keepsADeviceThisMachineLacksForTheValidator()
{
    TrainingSetup setup;
    setup.training.device = QStringLiteral("cuda:7");
    DevicePage page(&setup);
    QCOMPARE(page.deviceCombo()->currentData().toString(), QStringLiteral("cuda:7"));
    QCOMPARE(setup.training.device, QStringLiteral("cuda:7"));
}

void TestDevicePage::choosingMixedPrecisionEditsTheSetup()
{
    TrainingSetup setup;
    setup.training.precision = PrecisionKind::BFloat16;
    DevicePage page(&setup);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QComboBox *precision = page.precisionCombo();
    QCOMPARE(precision->currentData().toString(), QStringLiteral("bf16"));
    QSignalSpy edited(&page, &SetupForm::edited);
    precision->setFocus();
    QTest::keyClick(precision, Qt::Key_Down);
    QCOMPARE(setup.training.precision, PrecisionKind::Float16);
    QTest::keyClick(precision, Qt::Key_Home);
    QCOMPARE(setup.training.precision, PrecisionKind::Float32);
    QCOMPARE(edited.count(), 2);
    // The set-up's precision shows when the page loads it again.
    setup.training.precision = PrecisionKind::Float16;
    page.load();
    QCOMPARE(precision->currentText(), QStringLiteral("Mixed float16 (CUDA GPU)"));
}

QTEST_MAIN(TestDevicePage)
#include "testdevicepage.moc"
