#include "runtime/private/convolutioncheck.h"

#include <QtTest>

using namespace deepterra;

// The check behind OneDnnCheck: it passes right convolutions and names wrong outputs, wrong
// gradients and NaN, and it covers the shapes found wrong.
class TestConvolutionCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coversTheShapesFoundWrong();
    void passesConvolutionsComputedInDouble();
    void namesAWrongOutput();
    void namesAWrongGradient();
    void namesNaN();
    void aConvolutionLibTorchLacksIsNotWrong();
};

namespace {

using Case = ConvolutionCheck::Case;
using Kind = ConvolutionCheck::Kind;

// Right by construction: LibTorch in double precision (never oneDNN), back in the case's type.
torch::Tensor inDouble(const Case &c, const torch::Tensor &x, const torch::Tensor &w, const torch::Tensor &b)
{
    return ConvolutionCheck::convolve(c, x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble))
        .to(x.scalar_type());
}

bool isTheFoundCase(const Case &c)
{
    return c.kind == Kind::Same3x3 && c.inChannels == 24 && !c.channelsLast && c.type == at::kFloat;
}

} // namespace

void TestConvolutionCheck::coversTheShapesFoundWrong()
{
    bool same3x3With24 = false, transposedTo48 = false, bfloat16 = false, channelsLast = false;
    for (const Case &c : ConvolutionCheck::cases()) {
        same3x3With24 |= isTheFoundCase(c);
        transposedTo48 |= c.kind == Kind::Transposed2x2 && c.outChannels == 48;
        bfloat16 |= c.type == at::kBFloat16;
        channelsLast |= c.channelsLast;
    }
    QVERIFY(same3x3With24);
    QVERIFY(transposedTo48);
    QVERIFY(bfloat16);
    QVERIFY(channelsLast);
}

void TestConvolutionCheck::passesConvolutionsComputedInDouble()
{
    const QStringList wrong = ConvolutionCheck::wrongCases(&inDouble);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
}

void TestConvolutionCheck::namesAWrongOutput()
{
    // Off by 0.05 of a value of about 10: a small error, but far above float32's.
    const QStringList wrong
        = ConvolutionCheck::wrongCases([](const Case &c, const auto &x, const auto &w, const auto &b) {
              const torch::Tensor y = inDouble(c, x, w, b);
              return isTheFoundCase(c) ? y + 0.05 : y;
          });
    QCOMPARE(wrong.size(), 1);
    QVERIFY2(wrong.first().startsWith(
                 QStringLiteral("3x3 convolution, 24 -> 48 channels, float32, NCHW: output wrong")),
             qPrintable(wrong.first()));
}

void TestConvolutionCheck::namesAWrongGradient()
{
    // The output is right; the gradient of the input is doubled (2x - x has the value of x).
    const QStringList wrong
        = ConvolutionCheck::wrongCases([](const Case &c, const auto &x, const auto &w, const auto &b) {
              const bool wrongGradient = c.kind == Kind::Transposed2x2 && c.type == at::kBFloat16;
              return inDouble(c, wrongGradient ? x * 2 - x.detach() : x, w, b);
          });
    QCOMPARE(wrong.size(), 10); // every width, both layouts
    for (const QString &line : wrong)
        QVERIFY2(line.contains(QStringLiteral("2x2 transposed")) && line.contains(QStringLiteral("bfloat16"))
                     && line.contains(QStringLiteral("input gradient wrong")),
                 qPrintable(line));
}

void TestConvolutionCheck::namesNaN()
{
    const QStringList wrong
        = ConvolutionCheck::wrongCases([](const Case &c, const auto &x, const auto &w, const auto &b) {
              torch::Tensor y = inDouble(c, x, w, b);
              return c.kind == Kind::Pointwise && c.inChannels == 4 && !c.channelsLast && c.type == at::kFloat
                  ? y * std::numeric_limits<float>::quiet_NaN()
                  : y;
          });
    QCOMPARE(wrong.size(), 1);
    QVERIFY2(wrong.first().contains(
                 QStringLiteral("1x1 convolution, 4 -> 12 channels, float32, NCHW: output NaN")),
             qPrintable(wrong.first()));
}

void TestConvolutionCheck::aConvolutionLibTorchLacksIsNotWrong()
{
    // LibTorch 1.13 throws for bfloat16 transposed convolutions on the CPU.
    const QStringList wrong
        = ConvolutionCheck::wrongCases([](const Case &c, const auto &x, const auto &w, const auto &b) {
              if (c.kind == Kind::Transposed2x2 && c.type == at::kBFloat16)
                  throw std::runtime_error("not implemented for 'BFloat16'");
              return inDouble(c, x, w, b);
          });
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestConvolutionCheck)
#include "testconvolutioncheck.moc"
