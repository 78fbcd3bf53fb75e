#include "training/private/gradscaler.h"

#include <QtTest>

#include <cmath>

using namespace deepterra;

// float16's dynamic loss scale: gradients divided back, a batch whose gradients overflowed reported
// (its step is skipped) with the scale halved, the scale doubled after a run of finite batches, and
// its state carried through a checkpoint.
class TestGradScaler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void disabledScalesNothing();
    void unscaleDividesTheGradientsBack();
    void anOverflowSkipsTheStepAndHalvesTheScale();
    void aRunOfFiniteBatchesDoublesTheScale();
    void stateSurvivesACheckpoint();
};

namespace {

torch::Tensor parameterWithGradient(const std::vector<float> &gradient)
{
    torch::Tensor parameter = torch::zeros({ std::int64_t(gradient.size()) }, torch::requires_grad());
    parameter.mutable_grad() = torch::tensor(gradient);
    return parameter;
}

} // namespace

void TestGradScaler::disabledScalesNothing()
{
    GradScaler scaler(false);
    QCOMPARE(scaler.scale(), 1.0);
    const torch::Tensor p = parameterWithGradient({ 2.0f, INFINITY });
    QVERIFY(scaler.unscale({ p })); // not checked: float32 and bfloat16 never skip a step
    QCOMPARE(p.grad()[0].item<float>(), 2.0f);
    scaler.update(false);
    QCOMPARE(scaler.skippedSteps(), std::int64_t(0));
}

void TestGradScaler::unscaleDividesTheGradientsBack()
{
    GradScaler scaler(true, 1024.0);
    QCOMPARE(scaler.scale(), 1024.0);
    const torch::Tensor a = parameterWithGradient({ 2048.0f, -512.0f });
    const torch::Tensor noGradient = torch::zeros({ 3 }, torch::requires_grad());
    QVERIFY(scaler.unscale({ a, noGradient }));
    QCOMPARE(a.grad()[0].item<float>(), 2.0f);
    QCOMPARE(a.grad()[1].item<float>(), -0.5f);
}

void TestGradScaler::anOverflowSkipsTheStepAndHalvesTheScale()
{
    GradScaler scaler(true, 1024.0, 3);
    const torch::Tensor finite = parameterWithGradient({ 1.0f });
    const torch::Tensor overflowed = parameterWithGradient({ 1.0f, INFINITY });
    QVERIFY(!scaler.unscale({ finite, overflowed }));
    scaler.update(false);
    QCOMPARE(scaler.scale(), 512.0);
    QCOMPARE(scaler.skippedSteps(), std::int64_t(1));
    QVERIFY(!scaler.unscale({ parameterWithGradient({ NAN }) }));
    scaler.update(false);
    QCOMPARE(scaler.scale(), 256.0);
    QCOMPARE(scaler.skippedSteps(), std::int64_t(2));
}

void TestGradScaler::aRunOfFiniteBatchesDoublesTheScale()
{
    GradScaler scaler(true, 1024.0, 3);
    scaler.update(true);
    scaler.update(true);
    QCOMPARE(scaler.scale(), 1024.0);
    scaler.update(true);
    QCOMPARE(scaler.scale(), 2048.0);
    // An overflow restarts the count.
    scaler.update(true);
    scaler.update(false);
    scaler.update(true);
    scaler.update(true);
    QCOMPARE(scaler.scale(), 1024.0);
    scaler.update(true);
    QCOMPARE(scaler.scale(), 2048.0);
}

void TestGradScaler::stateSurvivesACheckpoint()
{
    GradScaler scaler(true, 1024.0, 3);
    scaler.update(false);
    scaler.update(true);
    GradScaler resumed(true, 65536.0, 3);
    resumed.restore(scaler.toJson());
    QCOMPARE(resumed.scale(), 512.0);
    QCOMPARE(resumed.skippedSteps(), std::int64_t(1));
    resumed.update(true);
    resumed.update(true);
    QCOMPARE(resumed.scale(), 1024.0); // the finite batch before the checkpoint counted
    // A checkpoint without a scaler (a float32 run resumed in float16) keeps the initial scale.
    GradScaler fresh(true, 65536.0);
    fresh.restore(QJsonObject());
    QCOMPARE(fresh.scale(), 65536.0);
}

QTEST_GUILESS_MAIN(TestGradScaler)
#include "testgradscaler.moc"
