#include "runtime/gpuinventory.h"
#include "runtime/torchruntime.h"

#include <QtTest>

using namespace deepterra;

class TestGpuInventory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithLibTorch();
    void cpuOnlyReasonNamesTheCause();
    void describesAGpuByNameAndMemory();
    void detectedIsCached();
};

void TestGpuInventory::agreesWithLibTorch()
{
    const GpuInventory inventory = GpuInventory::detect();
    QCOMPARE(inventory.usableGpuCount(), TorchRuntime::cudaAvailable() ? TorchRuntime::cudaDeviceCount() : 0);
    // Usable GPUs need a CUDA LibTorch and a GPU the driver sees.
    if (inventory.usableGpuCount() > 0) {
        QVERIFY(inventory.libtorchHasCuda());
        QVERIFY(int(inventory.visibleGpus().size()) >= inventory.usableGpuCount());
    }
    for (const GpuInfo &gpu : inventory.visibleGpus()) {
        QVERIFY2(!gpu.name.isEmpty(), "the driver names every GPU");
        QVERIFY(gpu.totalMemoryBytes > 0);
        QCOMPARE(inventory.gpu(gpu.index), &gpu);
    }
    qInfo().noquote() << "LibTorch CUDA:" << inventory.libtorchHasCuda()
                      << "usable GPUs:" << inventory.usableGpuCount()
                      << "visible GPUs:" << inventory.visibleGpus().size();
}

void TestGpuInventory::cpuOnlyReasonNamesTheCause()
{
    const GpuInventory inventory = GpuInventory::detect();
    const QString reason = inventory.cpuOnlyReason();
    if (inventory.usableGpuCount() > 0) {
        QVERIFY(reason.isEmpty());
        return;
    }
    QVERIFY(reason.startsWith(QLatin1String("CPU only: ")));
    if (!inventory.libtorchHasCuda())
        QVERIFY2(reason.contains(QLatin1String("has no CUDA support")), qPrintable(reason));
    for (const GpuInfo &gpu : inventory.visibleGpus())
        QVERIFY2(reason.contains(gpu.name), qPrintable(reason));
    if (inventory.visibleGpus().empty() && !inventory.libtorchHasCuda())
        QVERIFY2(reason.contains(QLatin1String("no NVIDIA GPU is visible")), qPrintable(reason));
}

void TestGpuInventory::describesAGpuByNameAndMemory()
{
    GpuInfo gpu;
    gpu.index = 1;
    gpu.name = QStringLiteral("NVIDIA H200");
    gpu.totalMemoryBytes = qint64(150) * 1000 * 1000 * 1000;
    QCOMPARE(gpu.description(), QStringLiteral("NVIDIA H200, 139.7 GiB"));
    gpu.name.clear();
    gpu.totalMemoryBytes = 0;
    QCOMPARE(gpu.description(), QStringLiteral("GPU 1"));
}

void TestGpuInventory::detectedIsCached()
{
    QCOMPARE(&GpuInventory::detected(), &GpuInventory::detected());
    QCOMPARE(GpuInventory::detected().libtorchHasCuda(), TorchRuntime::builtWithCuda());
}

QTEST_GUILESS_MAIN(TestGpuInventory)
#include "testgpuinventory.moc"
