#pragma once

#include "training/runsummary.h"
#include "training/settingdifference.h"

#include <QStringList>
#include <QVector>

#include <vector>

namespace deepterra {

// The runs of a project, read from their folders under the runs folder. Reads files: call it off
// the GUI thread.
class RunCatalog
{
public:
    // Every run under `runsFolder`, newest first, with the fold runs of a cross-validation folder
    // (one with folds.json) named "<folder>/fold-N". Folders without config.json are not runs and
    // are left out; a run whose files are damaged is listed as Failed with the reason. Empty when
    // the folder does not exist. Never throws.
    static std::vector<RunSummary> scan(const QString &runsFolder);
    // One run folder; never throws (Failed with the reason instead).
    static RunSummary summarize(const QString &runFolder);
    // The runs that stopped without finishing and that nobody trains (offered for resume when the
    // project opens), newest first.
    static std::vector<RunSummary> interrupted(const QString &runsFolder);
    // The set-up settings (config.json's "setup", flattened to dotted keys) whose values are not
    // the same in all runs, in key order. Throws DataError naming the file when a run's
    // configuration cannot be read.
    static QVector<SettingDifference> differingSettings(const QStringList &runFolders);
};

} // namespace deepterra
