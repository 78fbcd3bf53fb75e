#pragma once

#include <QJsonObject>
#include <QString>

namespace deepterra {

// The held-out test split's figures of a run (metrics.json › test), for the results views: which
// examples, which weights, the scores, and why they stand apart from validation's.
class TestSplitFigures
{
public:
    // metrics.json › test of the run folder; empty for a run without a test split (or one from
    // before test splits) and when metrics.json cannot be read.
    static QJsonObject read(const QString &runFolder);
    // Every headline score in words; empty without a test split.
    static QString describe(const QJsonObject &test);
    // What the test split is, without its scores (for a view that tabulates them); empty without.
    static QString note(const QJsonObject &test);
    // A score by its metrics key ("test_rmse"); NaN when the run has none.
    static double score(const QJsonObject &test, const QString &key);
};

} // namespace deepterra
