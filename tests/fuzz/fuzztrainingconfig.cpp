#include "common/jsonfields.h"
#include "fuzzinput.h"
#include "training/trainingconfigjson.h"

// The task and training sections of a project or a run's config.json.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    const auto fieldsOf = [](const QJsonObject &json) {
        return JsonFields(json, QStringLiteral("/fuzz/config.json"), QString());
    };
    fuzz::parseJsonObject(data, size, [&](const QJsonObject &json) {
        (void)TrainingConfigJson::toJson(TrainingConfigJson::trainingFromFields(fieldsOf(json)));
    });
    return fuzz::parseJsonObject(data, size, [&](const QJsonObject &json) {
        (void)TrainingConfigJson::toJson(TrainingConfigJson::taskFromFields(fieldsOf(json)));
    });
}
