#include "fuzzinput.h"
#include "project/projectfile.h"

// Project files from colleagues, damaged or of another version: every JSON object gives a project
// or a DataError naming the file; a project read back saves and reads again.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    return fuzz::parseJsonObject(data, size, [](const QJsonObject &json) {
        const QString path = QStringLiteral("/fuzz/project.deepterra");
        const Project project = ProjectFile::fromJson(json, path);
        (void)ProjectFile::fromJson(ProjectFile::toJson(project, path), path);
    });
}
