#include "runtime/onednncheck.h"

#include "runtime/private/convolutioncheck.h"

#include <ATen/Context.h>

#include <mutex>

namespace deepterra {

namespace {

struct CheckState
{
    std::once_flag once;
    bool oneDnn = false;
    QString finding;
    QStringList wrong;
};

CheckState &checkState()
{
    static CheckState state;
    return state;
}

} // namespace

bool OneDnnCheck::ensure()
{
    CheckState &state = checkState();
    std::call_once(state.once, [&state] {
        state.oneDnn = at::hasMKLDNN() && at::globalContext().userEnabledMkldnn();
        if (!state.oneDnn)
            return;
        const QStringList wrong = ConvolutionCheck::wrongCases();
        if (wrong.isEmpty())
            return;
        state.wrong = wrong;
        // Before the first network: no convolution runs elsewhere while the switch changes.
        at::globalContext().setUserEnabledMkldnn(false);
        state.oneDnn = false;
        state.finding
            = QStringLiteral("LibTorch's oneDNN computes %1 of %2 checked convolutions wrong on this "
                             "CPU (%3%4), so Deepterra turned it off: convolutions take LibTorch's "
                             "own path, right but slower")
                  .arg(wrong.size())
                  .arg(ConvolutionCheck::cases().size())
                  .arg(wrong.first(), wrong.size() > 1 ? QStringLiteral("; ...") : QString());
    });
    return state.oneDnn;
}

QString OneDnnCheck::finding()
{
    ensure();
    return checkState().finding;
}

QStringList OneDnnCheck::wrongCases()
{
    ensure();
    return checkState().wrong;
}

QString OneDnnCheck::bfloat16Problem()
{
    if (finding().isEmpty())
        return {};
    return QStringLiteral("mixed bfloat16 on the CPU needs LibTorch's oneDNN, and it computes convolutions "
                          "wrong on this machine (deepterra-cli version says which): choose full float32, or "
                          "train on a GPU");
}

} // namespace deepterra
