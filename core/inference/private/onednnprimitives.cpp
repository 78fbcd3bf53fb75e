#include "inference/private/onednnprimitives.h"

namespace deepterra {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;

dnnl::convolution_forward::primitive_desc
OneDnnPrimitives::convolution(const dnnl::engine &engine, const memory::desc &source,
                              const memory::desc &weights, const memory::desc &bias,
                              const memory::desc &destination, int stride, int padding,
                              const dnnl::primitive_attr &attributes)
{
    const memory::dims strides { stride, stride };
    const memory::dims pad { padding, padding };
#if DNNL_VERSION_MAJOR >= 3
    return dnnl::convolution_forward::primitive_desc(engine, prop_kind::forward_inference,
                                                     algorithm::convolution_direct, source, weights, bias,
                                                     destination, strides, pad, pad, attributes);
#else
    const dnnl::convolution_forward::desc operation = bias.is_zero()
        ? dnnl::convolution_forward::desc(prop_kind::forward_inference, algorithm::convolution_direct, source,
                                          weights, destination, strides, pad, pad)
        : dnnl::convolution_forward::desc(prop_kind::forward_inference, algorithm::convolution_direct, source,
                                          weights, bias, destination, strides, pad, pad);
    return dnnl::convolution_forward::primitive_desc(operation, attributes, engine);
#endif
}

dnnl::pooling_forward::primitive_desc OneDnnPrimitives::maxPooling(const dnnl::engine &engine,
                                                                   const memory::desc &source,
                                                                   const memory::desc &destination,
                                                                   int window)
{
    const memory::dims strides { window, window };
    const memory::dims kernel { window, window };
    const memory::dims pad { 0, 0 };
#if DNNL_VERSION_MAJOR >= 3
    return dnnl::pooling_forward::primitive_desc(engine, prop_kind::forward_inference, algorithm::pooling_max,
                                                 source, destination, strides, kernel, memory::dims { 0, 0 },
                                                 pad, pad);
#else
    const dnnl::pooling_forward::desc operation(prop_kind::forward_inference, algorithm::pooling_max, source,
                                                destination, strides, kernel, pad, pad);
    return dnnl::pooling_forward::primitive_desc(operation, engine);
#endif
}

void OneDnnPrimitives::appendRelu(dnnl::post_ops &ops)
{
#if DNNL_VERSION_MAJOR >= 3
    ops.append_eltwise(algorithm::eltwise_relu, 0.0f, 0.0f);
#else
    ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
#endif
}

} // namespace deepterra
