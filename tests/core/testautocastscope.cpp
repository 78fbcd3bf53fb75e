#include "training/private/autocastscope.h"

#include <QtTest>

using namespace deepterra;

// Mixed precision's autocast on the CPU (the GPU path is scripts/gpu-check.sh's): convolutions and
// matrix products inside the scope compute in bfloat16, losses stay float32, and leaving the scope
// restores what was there before.
class TestAutocastScope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void convolutionsRunInBfloat16InsideTheScope();
    void float32AndOtherDevicesChangeNothing();
    void nestedScopesRestoreTheOuterOne();
};

namespace {

torch::Tensor convolve()
{
    const torch::Tensor input = torch::ones({ 1, 2, 8, 8 });
    const torch::Tensor weight = torch::full({ 4, 2, 3, 3 }, 0.5);
    return torch::conv2d(input, weight);
}

} // namespace

void TestAutocastScope::convolutionsRunInBfloat16InsideTheScope()
{
    torch::Tensor inside, loss;
    {
        const AutocastScope scope(PrecisionKind::BFloat16, torch::kCPU);
        inside = convolve();
        // A loss on the autocast's float32 list: computed from the bfloat16 activations in float32.
        loss = torch::nn::functional::cross_entropy(inside.flatten(1), torch::zeros({ 1 }, torch::kLong));
    }
    QCOMPARE(inside.scalar_type(), at::kBFloat16);
    QCOMPARE(loss.scalar_type(), at::kFloat);
    QCOMPARE(inside.flatten()[0].item<float>(), 9.0f); // 18 products of 0.5: exact in bfloat16
    QCOMPARE(convolve().scalar_type(), at::kFloat);
}

void TestAutocastScope::float32AndOtherDevicesChangeNothing()
{
    {
        const AutocastScope scope(PrecisionKind::Float32, torch::kCPU);
        QCOMPARE(convolve().scalar_type(), at::kFloat);
    }
    {
        // The CUDA scope on a CPU tensor: autocast is per device type.
        const AutocastScope scope(PrecisionKind::Float16, torch::Device(torch::kCUDA, 0));
        QCOMPARE(convolve().scalar_type(), at::kFloat);
    }
    QCOMPARE(AutocastScope::lowerPrecisionType(PrecisionKind::Float16), at::kHalf);
    QCOMPARE(AutocastScope::lowerPrecisionType(PrecisionKind::Float32), at::kFloat);
}

void TestAutocastScope::nestedScopesRestoreTheOuterOne()
{
    const AutocastScope outer(PrecisionKind::BFloat16, torch::kCPU);
    {
        const AutocastScope inner(PrecisionKind::Float32, torch::kCPU);
        QCOMPARE(convolve().scalar_type(), at::kBFloat16); // float32 does not switch autocast off
        const AutocastScope again(PrecisionKind::BFloat16, torch::kCPU);
        QCOMPARE(convolve().scalar_type(), at::kBFloat16);
    }
    QCOMPARE(convolve().scalar_type(), at::kBFloat16);
}

QTEST_GUILESS_MAIN(TestAutocastScope)
#include "testautocastscope.moc"
