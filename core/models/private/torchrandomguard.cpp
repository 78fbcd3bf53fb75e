#include "models/private/torchrandomguard.h"

#include <ATen/CPUGeneratorImpl.h>

namespace deepterra {

namespace {

std::mutex &generatorUsers()
{
    static std::mutex mutex;
    return mutex;
}

} // namespace

TorchRandomGuard::TorchRandomGuard(Draws draws)
    : m_lock(generatorUsers())
{
    if (draws == Draws::Undo) {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        m_saved = generator.get_state();
    }
}

TorchRandomGuard::~TorchRandomGuard()
{
    if (!m_saved.defined())
        return;
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(m_saved);
}

} // namespace deepterra
