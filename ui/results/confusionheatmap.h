#pragma once

#include "metrics/confusionmatrix.h"

#include <QColor>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace deepterra {

// A confusion matrix as a heat map: rows are the true classes, columns the predicted ones, each
// cell its count, or with the toggle its share of the row (the true class's pixels that went to
// each prediction, so that the diagonal reads as recall whatever the class's size). Clicking a
// cell selects it and says its count and both shares below.
class ConfusionHeatmap : public QWidget
{
    Q_OBJECT

public:
    // On each matrix cell: the count (qint64), and the number the cell shows (double: the count,
    // or its share of the row; NaN for a share of an empty row).
    static constexpr int kCountRole = Qt::UserRole + 1;
    static constexpr int kValueRole = Qt::UserRole + 2;

    explicit ConfusionHeatmap(QWidget *parent = nullptr);

    // `names` and `colors` per class index (missing ones get "class N" and no swatch); `unit` is
    // what is counted, plural ("pixels", "patches").
    void setMatrix(const ConfusionMatrix &matrix, const QStringList &names, const QVector<QColor> &colors,
                   const QString &unit);
    void clear();

    void setRowShares(bool shares);
    bool rowShares() const;
    // Selects the cell and shows its count and shares, as a click does.
    void chooseCell(int truth, int predicted);

    QTableWidget *table() const { return m_table; }
    QCheckBox *rowSharesToggle() const { return m_rowShares; }
    QLabel *cellDetails() const { return m_cellDetails; }

Q_SIGNALS:
    void cellChosen(int truth, int predicted);

private:
    void fillCells();
    QString className(int index) const;

    QCheckBox *m_rowShares;
    QTableWidget *m_table;
    QLabel *m_cellDetails;
    ConfusionMatrix m_matrix;
    QStringList m_names;
    QString m_unit;
};

} // namespace deepterra
