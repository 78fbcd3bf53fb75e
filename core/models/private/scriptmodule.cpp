#include "models/private/scriptmodule.h"

#include "models/private/network.h"

namespace deepterra {

ScriptAttributes ScriptModule::attributesOf(NetworkImpl &network)
{
    torch::NoGradGuard noGrad;
    ScriptAttributes attributes;
    for (const auto &item : network.named_parameters())
        attributes.parameters.emplace_back(TorchScriptSource::attributeName(item.key()),
                                           item.value().detach().clone().to(torch::kCPU));
    for (const auto &item : network.named_buffers())
        attributes.buffers.emplace_back(TorchScriptSource::attributeName(item.key()),
                                        item.value().detach().clone().to(torch::kCPU));
    return attributes;
}

ScriptAttributes ScriptModule::attributesOf(const torch::jit::Module &module)
{
    ScriptAttributes attributes;
    for (const auto &item : module.named_parameters(false))
        attributes.parameters.emplace_back(item.name, item.value);
    for (const auto &item : module.named_buffers(false))
        attributes.buffers.emplace_back(item.name, item.value);
    return attributes;
}

torch::jit::Module ScriptModule::build(const ModelSpec &spec, const ScriptAttributes &attributes,
                                       TorchScriptSource::Form form, TorchScriptSource::Dropout dropout)
{
    torch::jit::Module module("__torch__.deepterra.ExportedNetwork");
    for (const auto &[name, tensor] : attributes.parameters)
        module.register_parameter(name, tensor, false);
    for (const auto &[name, tensor] : attributes.buffers)
        module.register_buffer(name, tensor);
    module.define(TorchScriptSource::forward(spec, form, dropout).toStdString());
    module.eval();
    return module;
}

} // namespace deepterra
