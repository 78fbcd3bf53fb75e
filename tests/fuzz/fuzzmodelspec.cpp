#include "fuzzinput.h"
#include "models/modelspecjson.h"

// Model specs (`init --model-spec FILE`, a project's model section): every JSON object gives a spec
// or a DataError; a spec read back writes and reads again.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    return fuzz::parseJsonObject(data, size, [](const QJsonObject &json) {
        const ModelSpec spec = ModelSpecJson::fromJson(json, QStringLiteral("/fuzz/model.json"));
        (void)ModelSpecJson::fromJson(ModelSpecJson::toJson(spec), QStringLiteral("/fuzz/model.json"));
    });
}
