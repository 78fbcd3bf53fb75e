#pragma once

// Core-private: only core .cpp files include this, and only when DEEPTERRA_HAS_ONEDNN is defined.

#include <oneapi/dnnl/dnnl.hpp>

namespace deepterra {

// The oneDNN primitives OneDnnNetwork runs, made the same way for oneDNN 2 (Debian 12) and 3
// (Debian 13), whose descriptor APIs differ: version 2 builds an operation descriptor and then its
// primitive descriptor, version 3 the primitive descriptor directly, and its eltwise post-ops lost
// their scale argument.
class OneDnnPrimitives
{
public:
    // A forward-inference direct convolution; `bias` may be a zero memory::desc (no bias).
    static dnnl::convolution_forward::primitive_desc
    convolution(const dnnl::engine &engine, const dnnl::memory::desc &source,
                const dnnl::memory::desc &weights, const dnnl::memory::desc &bias,
                const dnnl::memory::desc &destination, int stride, int padding,
                const dnnl::primitive_attr &attributes);

    // Max pooling over window x window with stride window, no padding (torch.max_pool2d's floor).
    static dnnl::pooling_forward::primitive_desc maxPooling(const dnnl::engine &engine,
                                                            const dnnl::memory::desc &source,
                                                            const dnnl::memory::desc &destination,
                                                            int window);

    // Appends a ReLU to a chain of post-ops.
    static void appendRelu(dnnl::post_ops &ops);
};

} // namespace deepterra
