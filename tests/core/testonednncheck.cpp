#include "runtime/onednncheck.h"
#include "runtime/private/convolutioncheck.h"

#include <ATen/Context.h>
#include <QElapsedTimer>
#include <QtTest>

using namespace deepterra;

// Whatever this machine's oneDNN computes, after the check LibTorch's convolutions are right, and
// the check says so when it turned oneDNN off.
class TestOneDnnCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void convolutionsAreRightAfterTheCheck();
    void theFindingExplainsATurnedOffOneDnn();
    void theUpstreamBfloat16ReportIsRight();
};

void TestOneDnnCheck::convolutionsAreRightAfterTheCheck()
{
    QElapsedTimer clock;
    clock.start();
    const bool oneDnn = OneDnnCheck::ensure();
    qInfo("LibTorch's convolutions %s (checked in %lld ms)", oneDnn ? "run on oneDNN" : "run without oneDNN",
          clock.elapsed());
    if (!OneDnnCheck::finding().isEmpty())
        qInfo("%s", qPrintable(OneDnnCheck::finding()));
    const QStringList wrong = ConvolutionCheck::wrongCases();
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    QCOMPARE(OneDnnCheck::ensure(), oneDnn); // once per process
}

void TestOneDnnCheck::theFindingExplainsATurnedOffOneDnn()
{
    const bool oneDnn = OneDnnCheck::ensure();
    QCOMPARE(oneDnn, at::hasMKLDNN() && at::globalContext().userEnabledMkldnn());
    // A LibTorch without oneDNN has nothing to report; one turned off by the check says why.
    QCOMPARE(OneDnnCheck::finding().isEmpty(), oneDnn || !at::hasMKLDNN());
    QCOMPARE(OneDnnCheck::wrongCases().isEmpty(), OneDnnCheck::finding().isEmpty());
    if (!OneDnnCheck::finding().isEmpty())
        QVERIFY(OneDnnCheck::finding().contains(OneDnnCheck::wrongCases().first()));
}

void TestOneDnnCheck::theUpstreamBfloat16ReportIsRight()
{
    // pytorch/pytorch#163347: on AMD CPUs with AVX-512 a 2x2 bfloat16 convolution of ones gave 1.
    OneDnnCheck::ensure();
    const torch::Tensor y = torch::conv2d(torch::ones({ 1, 1, 2, 2 }, torch::kBFloat16),
                                          torch::ones({ 1, 1, 2, 2 }, torch::kBFloat16));
    QCOMPARE(y.item<float>(), 4.0f);
}

QTEST_GUILESS_MAIN(TestOneDnnCheck)
#include "testonednncheck.moc"
