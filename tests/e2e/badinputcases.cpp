#include "badinputcase.h"

#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <unistd.h>

namespace deepterra::test {

namespace {

void addSeriesCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    auto initOn = [](const QString &csv) {
        return QStringList { "init",        "p.deepterra", "--task",   "forecasting", "--series", csv,
                             "--lookback",  "4",           "--epochs", "1",           "&&",       "train",
                             "p.deepterra", "--out",       "run",      "--threads",   "2" };
    };
    auto withLine = [](int line, const QByteArray &text) {
        QList<QByteArray> lines = series(40).split('\n');
        lines[line] = text;
        return lines.join('\n');
    };
    auto forecastOn = [](const QString &csv) {
        return QStringList { "forecast", "@/co2run", "--series", csv, "--output", "f.csv" };
    };
    QByteArray unsorted = series(40);
    {
        QList<QByteArray> lines = unsorted.split('\n');
        std::swap(lines[5], lines[20]);
        unsorted = lines.join('\n');
    }
    const QByteArray duplicated = series(40) + series(3).mid(series(3).indexOf('\n') + 1);
    QByteArray mixed = series(40);
    mixed.replace("2000-02-07", "07/02/2000");
    const QByteArray text = withLine(7, "2000-02-14,four hundred");
    const QByteArray huge = withLine(7, "2000-02-14,1e308");
    const QByteArray overflow = withLine(7, "2000-02-14,1e309");
    const QString dates = QStringLiteral("date|time|order|sort|duplicat");
    cases.push_back(
        { "empty CSV: info", file("s.csv", {}), { "info", "s.csv" }, 1, "s.csv", "empty|no |header" });
    cases.push_back({ "empty CSV: init",
                      file("s.csv", {}),
                      { "init", "p.deepterra", "--task", "forecasting", "--series", "s.csv" },
                      1,
                      "s.csv",
                      "empty|no |header",
                      "p.deepterra" });
    cases.push_back(
        { "empty CSV: init + train", file("s.csv", {}), initOn("s.csv"), 1, "s.csv", "empty|no |header" });
    cases.push_back({ "header-only CSV: init + train", file("s.csv", "date,co2\n"), initOn("s.csv"), 1,
                      "s.csv", "row|empty|no " });
    cases.push_back({ "header-only CSV: forecast", file("s.csv", "date,co2\n"), forecastOn("s.csv"), 1,
                      "s.csv", "row|empty|no |short|window", "f.csv" });
    cases.push_back(
        { "unsorted dates: init + train (valid, sorted)", file("s.csv", unsorted), initOn("s.csv"), 0 });
    cases.push_back(
        { "unsorted dates: forecast (valid, sorted)", file("s.csv", unsorted), forecastOn("s.csv"), 0 });
    cases.push_back(
        { "duplicated dates: init + train", file("s.csv", duplicated), initOn("s.csv"), 1, "s.csv", dates });
    cases.push_back({ "duplicated dates: forecast", file("s.csv", duplicated), forecastOn("s.csv"), 1,
                      "s.csv", dates, "f.csv" });
    cases.push_back(
        { "mixed date formats: init + train", file("s.csv", mixed), initOn("s.csv"), 1, "s.csv", dates });
    cases.push_back(
        { "semicolons: forecast (valid)", file("s.csv", series(40, ";")), forecastOn("s.csv"), 0 });
    cases.push_back(
        { "BOM: forecast (valid)", file("s.csv", "\xEF\xBB\xBF" + series(40)), forecastOn("s.csv"), 0 });
    cases.push_back(
        { "CRLF: forecast (valid)", file("s.csv", series(40, ",", "\r\n")), forecastOn("s.csv"), 0 });
    cases.push_back({ "BOM + CRLF + semicolons: init + train (valid)",
                      file("s.csv", "\xEF\xBB\xBF" + series(40, ";", "\r\n")), initOn("s.csv"), 0 });
    cases.push_back({ "text in numbers: init + train", file("s.csv", text), initOn("s.csv"), 1, "s.csv",
                      "number|numeric|four hundred|value" });
    cases.push_back({ "text in numbers: forecast", file("s.csv", text), forecastOn("s.csv"), 1, "s.csv",
                      "number|numeric|four hundred|value", "f.csv" });
    cases.push_back(
        { "1e308: forecast (valid, not in the last window)", file("s.csv", huge), forecastOn("s.csv"), 0 });
    cases.push_back({ "1e308: forecast --rolling", file("s.csv", huge), forecastOn("s.csv") << "--rolling", 1,
                      "s.csv", "finite|large|range|overflow|1e\\+?308", "f.csv",
                      "forecast --rolling writes 'nan' for the windows that hold 1e308 and exits 0" });
    cases.push_back(
        { "1e308: init + train", file("s.csv", huge), initOn("s.csv"), 1, "s.csv",
          "finite|large|range|overflow|1e\\+?308", "",
          "train stops with 'the loss became NaN at epoch 1 ... check the inputs for extreme values', "
          "naming no file: the reader accepts 1e308" });
    cases.push_back({ "1e309 (overflows a double): forecast", file("s.csv", overflow), forecastOn("s.csv"), 1,
                      "s.csv", "finite|large|range|overflow|number|1e\\+?309", "f.csv" });
    cases.push_back(
        { "missing target column: init + train",
          file("s.csv", series(40)),
          { "init", "p.deepterra", "--task", "forecasting", "--series", "s.csv", "--target", "ch4",
            "--epochs", "1", "&&", "train", "p.deepterra", "--out", "run", "--threads", "2" },
          1,
          "ch4",
          "column" });
    cases.push_back({ "binary garbage as CSV: info",
                      file("s.csv", QByteArray(300, '\0') + "\x01\x02\xff"),
                      { "info", "s.csv" },
                      1,
                      "s.csv",
                      "unsupported|corrupt|csv|date|column|text" });
}

void addNetCdfCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    const QString sample = deepterra::test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc"));
    auto cut = [sample](int keep) {
        return [=](const QDir &dir) {
            return writeFile(dir.filePath(QStringLiteral("c.nc")), readFile(sample).left(keep));
        };
    };
    auto flipped = [sample](const QDir &dir) {
        QByteArray bytes = readFile(sample);
        for (int i = 200; i < bytes.size(); i += 97)
            bytes[i] = char(bytes[i] ^ 0x5a);
        return writeFile(dir.filePath(QStringLiteral("c.nc")), bytes);
    };
    const QString corrupt = QStringLiteral("unsupported|corrupt|cannot read|truncat|netcdf|error");
    cases.push_back(
        { "NetCDF truncated to its header: info", cut(2000), { "info", "c.nc" }, 1, "c.nc", corrupt });
    cases.push_back(
        { "NetCDF truncated in its data: info",
          cut(120000),
          { "info", "c.nc" },
          1,
          "c.nc",
          corrupt,
          "",
          "info exits 0 and reads the missing time values as zeros: 'Time: 12 step(s), 1999-01-31 to "
          "1950-01-01'" });
    cases.push_back({ "NetCDF with flipped bytes: info --stats",
                      flipped,
                      { "info", "--stats", "c.nc" },
                      1,
                      "c.nc",
                      corrupt });
    cases.push_back({ "NetCDF zero bytes: info", file("c.nc", {}), { "info", "c.nc" }, 1, "c.nc", corrupt });
    cases.push_back(
        { "NetCDF magic only: info", file("c.nc", "CDF\x01"), { "info", "c.nc" }, 1, "c.nc", corrupt });
}

void addProjectCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    const QByteArray project = readFile(QDir(fixtures).filePath(QStringLiteral("seg.deepterra")));
    auto variant = [&](const QByteArray &from, const QByteArray &to) {
        QByteArray changed = project;
        return changed.replace(from, to);
    };
    auto train
        = [](const QString &name) { return QStringList { "train", name, "--out", "run", "--threads", "2" }; };
    const QString absoluteImage = QDir(fixtures).filePath(QStringLiteral("img.tif"));
    const QByteArray withFixtures = project.contains(absoluteImage.toUtf8())
        ? project
        : variant("\"img.tif\"", QByteArray("\"" + absoluteImage.toUtf8() + "\""))
              .replace("\"labels.geojson\"",
                       QByteArray("\"" + QDir(fixtures).filePath(QStringLiteral("labels.geojson")).toUtf8()
                                  + "\""));
    auto fixed = [&](const QByteArray &from, const QByteArray &to) {
        QByteArray changed = withFixtures;
        return changed.replace(from, to);
    };
    const QString json = QStringLiteral("json|parse|project|corrupt|truncat");
    cases.push_back({ "project truncated: train", file("p.deepterra", project.left(project.size() / 2)),
                      train("p.deepterra"), 1, "p.deepterra", json, "run/config.json" });
    cases.push_back({ "project zero bytes: train", file("p.deepterra", {}), train("p.deepterra"), 1,
                      "p.deepterra", json, "run/config.json" });
    cases.push_back({ "project is binary: train",
                      file("p.deepterra", QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(64, '\0')),
                      train("p.deepterra"), 1, "p.deepterra", json, "run/config.json" });
    cases.push_back({ "project is a JSON array: train", file("p.deepterra", "[1, 2, 3]"),
                      train("p.deepterra"), 1, "p.deepterra", "object|project|format" });
    cases.push_back({ "project with layers as a string: train",
                      file("p.deepterra", fixed("\"layers\": [", "\"layers\": \"x\", \"ignored\": [")),
                      train("p.deepterra"), 1, "p.deepterra", "layers|array|type" });
    cases.push_back({ "project with epochs as text: train",
                      file("p.deepterra", fixed("\"epochs\": 1", "\"epochs\": \"one\"")),
                      train("p.deepterra"), 1, "p.deepterra", "epochs|number|integer|type" });
    cases.push_back({ "project with an unknown version: train",
                      file("p.deepterra", fixed("\"version\": 1", "\"version\": 99")), train("p.deepterra"),
                      1, "p.deepterra", "version" });
    cases.push_back(
        { "project with a missing layer file: train",
          file("p.deepterra",
               fixed(absoluteImage.toUtf8(), QDir(fixtures).filePath(QStringLiteral("moved.tif")).toUtf8())),
          train("p.deepterra"), 1, "moved.tif", "exist|missing|not found|no such|cannot open|unsupported" });
}

void addModelCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    auto garbage = [](const QByteArray &) { return QByteArray("this is not a checkpoint\n").repeated(40); };
    auto half = [](const QByteArray &bytes) { return bytes.left(bytes.size() / 2); };
    auto empty = [](const QByteArray &) { return QByteArray(); };
    const QString f = fixtures;
    const QString checkpoint = QStringLiteral("checkpoint|corrupt|cannot read|archive|truncat|not a");
    const QStringList predictRun { "predict",  "run",     "--input",   "@/img.tif",
                                   "--output", "map.tif", "--threads", "2" };
    const QStringList exportRun { "export", "run", "--format", "torchscript", "--output", "m.pt" };
    cases.push_back({ "checkpoint of garbage: export", runWith(f, "segrun", "checkpoints/best.pt", garbage),
                      exportRun, 1, "best.pt", checkpoint, "m.pt" });
    cases.push_back({ "checkpoint truncated: predict", runWith(f, "segrun", "checkpoints/best.pt", half),
                      predictRun, 1, "best.pt", checkpoint, "map.tif" });
    cases.push_back({ "checkpoint zero bytes: export onnx",
                      runWith(f, "segrun", "checkpoints/best.pt", empty),
                      { "export", "run", "--format", "onnx", "--output", "m.onnx" },
                      1,
                      "best.pt",
                      checkpoint,
                      "m.onnx" });
    cases.push_back({ "run config.json truncated: predict", runWith(f, "segrun", "config.json", half),
                      predictRun, 1, "config.json", "json|config|parse|run folder", "map.tif" });
    cases.push_back({ "run config.json of garbage: forecast",
                      runWith(f, "co2run", "config.json", garbage),
                      { "forecast", "run", "--series", "@/series.csv", "--output", "f.csv" },
                      1,
                      "run",
                      "json|config|parse|run folder",
                      "f.csv" });
    cases.push_back({ "TorchScript that is not one: predict",
                      file("m.pt", "PK\x03\x04 not a zip archive"),
                      { "predict", "m.pt", "--input", "@/img.tif", "--output", "map.tif" },
                      1,
                      "m.pt",
                      "torchscript|model|corrupt|cannot read|archive",
                      "map.tif" });
    cases.push_back({ "TorchScript zero bytes: forecast",
                      file("m.pt", {}),
                      { "forecast", "m.pt", "--series", "@/series.csv", "--output", "f.csv" },
                      1,
                      "m.pt",
                      "torchscript|model|corrupt|cannot read|archive",
                      "f.csv" });
    cases.push_back({ "TorchScript truncated: predict",
                      [f](const QDir &dir) {
                          const QByteArray bytes = readFile(QDir(f).filePath(QStringLiteral("seg.pt")));
                          return writeFile(dir.filePath(QStringLiteral("m.pt")),
                                           bytes.left(bytes.size() / 2));
                      },
                      { "predict", "m.pt", "--input", "@/img.tif", "--output", "map.tif" },
                      1,
                      "m.pt",
                      "torchscript|model|corrupt|cannot read|archive",
                      "map.tif" });
    cases.push_back({ "card of another model: predict",
                      nothing(),
                      { "predict", "@/seg.pt", "--card", "@/co2card.json", "--input", "@/img.tif", "--output",
                        "map.tif" },
                      1,
                      "co2card.json",
                      "another model|task|match",
                      "map.tif" });
    cases.push_back(
        { "card of garbage: forecast",
          file("card.json", "{\"task\": 7, \"classes\": \"many\""),
          { "forecast", "@/co2.pt", "--card", "card.json", "--series", "@/series.csv", "--output", "f.csv" },
          1,
          "card.json",
          "json|card|parse",
          "f.csv" });
    cases.push_back({ "segmentation model to forecast: forecast",
                      nothing(),
                      { "forecast", "@/segrun", "--series", "@/series.csv", "--output", "f.csv" },
                      1,
                      "segrun",
                      "forecast|task|series",
                      "f.csv" });
}

void addOutputCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    auto aFile = file("blocker", "a file where a folder should be");
    cases.push_back(
        { "output folder is a file: predict",
          aFile,
          { "predict", "@/segrun", "--input", "@/img.tif", "--output", "blocker/map.tif", "--threads", "2" },
          1,
          "blocker/map.tif",
          "folder|directory|cannot|write|create" });
    cases.push_back({ "output folder missing: export",
                      nothing(),
                      { "export", "@/segrun", "--format", "card", "--output", "nowhere/card.json" },
                      1,
                      "nowhere/card.json",
                      "folder|directory|cannot|write|exist" });
    cases.push_back({ "output folder missing: forecast",
                      nothing(),
                      { "forecast", "@/co2run", "--series", "@/series.csv", "--output", "nowhere/f.csv" },
                      1,
                      "nowhere/f.csv",
                      "folder|directory|cannot|write|exist" });
    cases.push_back({ "output folder missing: init",
                      nothing(),
                      { "init", "nowhere/p.deepterra", "--task", "forecasting", "--series", "@/series.csv" },
                      1,
                      "nowhere/p.deepterra",
                      "folder|directory|cannot|write|exist" });
    if (geteuid() != 0) {
        // Root writes into read-only folders: the case only means something for other users.
        auto readOnly = [](const QDir &dir) {
            return dir.mkpath(QStringLiteral("ro"))
                && QFile::setPermissions(dir.filePath(QStringLiteral("ro")),
                                         QFile::ReadOwner | QFile::ExeOwner);
        };
        cases.push_back(
            { "unwritable output folder: predict",
              readOnly,
              { "predict", "@/segrun", "--input", "@/img.tif", "--output", "ro/map.tif", "--threads", "2" },
              1,
              "ro/map.tif",
              "permission|cannot|write" });
        cases.push_back({ "unwritable output folder: export",
                          readOnly,
                          { "export", "@/segrun", "--format", "torchscript", "--output", "ro/m.pt" },
                          1,
                          "ro/m.pt",
                          "permission|cannot|write" });
    }
    cases.push_back({ "output /dev/full: forecast",
                      nothing(),
                      { "forecast", "@/co2run", "--series", "@/series.csv", "--output", "/dev/full" },
                      1,
                      "/dev/full",
                      "device|regular" });
    cases.push_back({ "output is the input: predict",
                      raster("in.tif", Raster()),
                      { "predict", "@/segrun", "--input", "in.tif", "--output", "in.tif" },
                      1,
                      "in.tif",
                      "same file" });
    cases.push_back({ "output is the series: forecast",
                      file("s.csv", series(40)),
                      { "forecast", "@/co2run", "--series", "s.csv", "--output", "./s.csv" },
                      1,
                      "s.csv",
                      "same file" });
    cases.push_back({ "init over an existing project without --force",
                      file("p.deepterra", "{\"keep\": true}"),
                      { "init", "p.deepterra", "--task", "forecasting", "--series", "@/series.csv" },
                      2,
                      "p.deepterra",
                      "exists|force" });
    cases.push_back({ "usage: predict without --input",
                      nothing(),
                      { "predict", "@/segrun", "--output", "map.tif" },
                      2,
                      "predict",
                      "input",
                      "map.tif" });
    cases.push_back(
        { "usage: unknown command", nothing(), { "frobnicate", "x.tif" }, 2, "frobnicate", "unknown" });
    cases.push_back({ "usage: export with an unknown format",
                      nothing(),
                      { "export", "@/segrun", "--format", "pickle", "--output", "m.pkl" },
                      2,
                      "pickle",
                      "format",
                      "m.pkl" });
}

} // namespace

std::vector<BadInputCase> badInputCases(const QString &fixtures)
{
    std::vector<BadInputCase> cases;
    addRasterCases(cases, fixtures);
    addVectorCases(cases, fixtures);
    addSeriesCases(cases, fixtures);
    addNetCdfCases(cases, fixtures);
    addProjectCases(cases, fixtures);
    addModelCases(cases, fixtures);
    addOutputCases(cases, fixtures);
    return cases;
}

} // namespace deepterra::test
