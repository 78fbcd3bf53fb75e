#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QTableWidget;

namespace deepterra {

// The validation confusion matrix of each epoch of a classification run: rows are the true
// classes, columns the predicted ones, each cell the pixel (or patch) count shaded by its share
// of the row, so that a class the model confuses stands out whatever its size. Per-class recall
// and IoU beside it when the epoch's details hold them. Earlier epochs stay a choice away.
class ConfusionMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionMatrixView(QWidget *parent = nullptr);

    // Names for classes the details leave unnamed, in class-index order.
    void setClassNames(const QStringList &names);
    // Keeps and shows the epoch's validation details (EpochRecord::details, which hold a
    // "classification" object with "confusionMatrix" and "classes"); false when they hold none.
    bool addEpoch(int epoch, const QJsonObject &details, bool best = false);
    void clear();

    int epochCount() const { return int(m_epochs.size()); }
    int shownEpoch() const; // 0 when none
    QTableWidget *table() const { return m_table; }
    QComboBox *epochChoice() const { return m_epochChoice; }
    QLabel *summary() const { return m_summary; }

private:
    struct Epoch
    {
        int epoch = 0;
        QJsonObject classification;
    };
    void showEpoch(int index);
    QString className(int index, const QJsonObject &classification) const;

    QComboBox *m_epochChoice;
    QLabel *m_summary;
    QTableWidget *m_table;
    QStringList m_classNames;
    std::vector<Epoch> m_epochs;
};

} // namespace deepterra
