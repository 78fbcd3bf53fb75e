#include "fuzzinput.h"
#include "inference/runmetadata.h"

// A model card's copy of config.json (or a run's config.json) as prediction reads it: a card that does
// not match its model, or was edited by hand, gives a DataError naming the file.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    return fuzz::parseJsonObject(data, size, [](const QJsonObject &json) {
        const RunMetadata metadata = RunMetadata::fromConfig(json, QStringLiteral("/fuzz/model.card.json"));
        (void)metadata.projectPath();
        (void)metadata.relativeTargets();
    });
}
