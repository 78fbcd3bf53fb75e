// Replays fuzz corpora as an ordinary test (no libFuzzer): `FuzzReplay TARGET DIR...` runs every file
// under the folders through the target. The targets' entry points are renamed at compile time
// (tests/fuzz/CMakeLists.txt) so that all of them live in this one program.
#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QTextStream>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#define DEEPTERRA_FUZZ_TARGET(name) extern "C" int deepterra_fuzz_##name(const std::uint8_t *, std::size_t);
DEEPTERRA_FUZZ_TARGETS
#undef DEEPTERRA_FUZZ_TARGET

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    using Target = int (*)(const std::uint8_t *, std::size_t);
    const std::map<std::string, Target> targets {
#define DEEPTERRA_FUZZ_TARGET(name) { #name, deepterra_fuzz_##name },
        DEEPTERRA_FUZZ_TARGETS
#undef DEEPTERRA_FUZZ_TARGET
    };
    QTextStream out(stdout);
    const auto target = argc >= 3 ? targets.find(argv[1]) : targets.end();
    if (target == targets.end()) {
        out << "usage: FuzzReplay TARGET CORPUS-FOLDER...\n";
        return 2;
    }
    int inputs = 0;
    for (int i = 2; i < argc; ++i) {
        QDirIterator files(QString::fromLocal8Bit(argv[i]), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            if (!file.open(QIODevice::ReadOnly)) {
                out << "cannot read " << file.fileName() << "\n";
                return 1;
            }
            const QByteArray bytes = file.readAll();
            target->second(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                           std::size_t(bytes.size()));
            ++inputs;
        }
    }
    out << "FuzzReplay " << argv[1] << ": " << inputs << " inputs, no crash\n";
    return inputs > 0 ? 0 : 1; // an empty corpus checks nothing
}
