#include "distributed/private/gradientreducer.h"

namespace deepterra {

GradientReducer::GradientReducer(ProcessGroup::Private &group, std::vector<torch::Tensor> parameters,
                                 std::int64_t bucketBytes)
    : m_group(group)
    , m_parameters(std::move(parameters))
    , m_bucketOf(m_parameters.size())
    , m_offsetOf(m_parameters.size())
{
    const std::int64_t bucketValues = std::max<std::int64_t>(1, bucketBytes / std::int64_t(sizeof(float)));
    for (std::size_t k = m_parameters.size(); k-- > 0;) {
        if (!m_parameters[k].requires_grad())
            continue;
        const std::int64_t values = m_parameters[k].numel();
        if (m_buckets.empty() || m_buckets.back().offsets.back() + values > bucketValues)
            m_buckets.push_back({});
        Bucket &bucket = m_buckets.back();
        const std::int64_t offset = bucket.offsets.empty() ? 0 : bucket.offsets.back();
        m_bucketOf[k] = m_buckets.size() - 1;
        m_offsetOf[k] = offset;
        bucket.parameters.push_back(k);
        if (bucket.offsets.empty())
            bucket.offsets.push_back(0);
        bucket.offsets.push_back(offset + values); // offsets[i + 1]: the end of parameter i
    }
    for (Bucket &bucket : m_buckets)
        bucket.flat = torch::zeros({ bucket.offsets.back() }, torch::kFloat32);
    for (std::size_t k = 0; k < m_parameters.size(); ++k)
        if (m_parameters[k].requires_grad())
            m_hooks.push_back(m_parameters[k].register_hook(
                [this, k](const torch::Tensor &gradient) { gradientReady(k, gradient); }));
}

GradientReducer::~GradientReducer()
{
    std::size_t hook = 0;
    for (torch::Tensor &parameter : m_parameters)
        if (parameter.requires_grad())
            parameter.remove_hook(m_hooks[hook++]);
}

void GradientReducer::startStep()
{
    for (Bucket &bucket : m_buckets) {
        bucket.flat.zero_();
        bucket.pending = bucket.parameters.size();
        bucket.started = false;
    }
    m_nextToStart = 0;
}

void GradientReducer::gradientReady(std::size_t parameter, const torch::Tensor &gradient)
{
    Bucket &bucket = m_buckets[m_bucketOf[parameter]];
    const torch::NoGradGuard noGrad;
    bucket.flat.narrow(0, m_offsetOf[parameter], gradient.numel())
        .add_(gradient.detach().reshape({ -1 }).to(torch::kCPU, torch::kFloat32));
    if (bucket.pending > 0 && --bucket.pending == 0)
        startReadyBuckets();
}

void GradientReducer::startReadyBuckets()
{
#ifdef DEEPTERRA_HAS_GLOO
    while (m_nextToStart < m_buckets.size() && m_buckets[m_nextToStart].pending == 0) {
        Bucket &bucket = m_buckets[m_nextToStart++];
        std::vector<at::Tensor> tensors { bucket.flat };
        bucket.work = m_group.allReduce(tensors);
        bucket.started = true;
    }
#endif
}

void GradientReducer::finishStep()
{
#ifdef DEEPTERRA_HAS_GLOO
    // Parameters that took no part in this step's loss (or a rank without examples) add zeros.
    for (Bucket &bucket : m_buckets)
        bucket.pending = 0;
    startReadyBuckets();
    const torch::NoGradGuard noGrad;
    for (Bucket &bucket : m_buckets) {
        m_group.wait(bucket.work);
        for (std::size_t i = 0; i < bucket.parameters.size(); ++i) {
            torch::Tensor &parameter = m_parameters[bucket.parameters[i]];
            const torch::Tensor sum
                = bucket.flat.narrow(0, bucket.offsets[i], bucket.offsets[i + 1] - bucket.offsets[i])
                      .view(parameter.sizes())
                      .to(parameter.device(), parameter.scalar_type());
            if (parameter.mutable_grad().defined())
                parameter.mutable_grad().copy_(sum);
            else
                parameter.mutable_grad() = sum.clone();
        }
    }
#endif
}

} // namespace deepterra
