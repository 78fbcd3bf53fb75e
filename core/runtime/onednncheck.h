#pragma once

#include <QString>
#include <QStringList>

namespace deepterra {

// LibTorch computes CPU convolutions on oneDNN, and some oneDNN builds compute some of them wrong on
// some CPUs. Debian 13's oneDNN 3.7 on an AMD EPYC with AVX-512 (found 2026-12): 3x3 convolutions with
// 24 input channels (12 when limited to AVX2) and transposed ones to 48 channels are off by whole
// units for batches of more than one, and bfloat16 convolutions are wrong even at batch one (also
// reported upstream, pytorch/pytorch#163347). A network trained on them learns nothing or diverges
// into NaN. So before its first network Deepterra checks LibTorch's convolutions once per process
// against double precision, and where any is wrong it turns LibTorch's oneDNN off for the process:
// LibTorch's own convolutions are slower, but right.
class OneDnnCheck
{
public:
    // Checks the first time it is called (from any thread; a concurrent caller waits for the first),
    // and returns whether LibTorch keeps computing convolutions on oneDNN.
    static bool ensure();
    // What the check found wrong, one sentence for a log ("" when nothing was); checks first if
    // nothing has yet.
    static QString finding();
    // Every case the check found wrong, described, for a bug report.
    static QStringList wrongCases();
    // Why mixed bfloat16 cannot train on this CPU ("" when it can): LibTorch's own convolutions
    // lack parts of it, so it needs oneDNN.
    static QString bfloat16Problem();
};

} // namespace deepterra
