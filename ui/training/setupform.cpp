#include "training/setupform.h"

#include "training/fieldhelp.h"

#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace deepterra {

namespace {

const QString kProblemFrame = QStringLiteral("QFrame#setupFieldFrame { border: 1px solid #c62828; "
                                             "border-radius: 3px; }");

} // namespace

SetupForm::SetupForm(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
}

void SetupForm::addHeading(const QString &title)
{
    auto *heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    heading->setContentsMargins(0, 6, 0, 0);
    m_form->addRow(heading);
}

void SetupForm::addWideRow(QWidget *widget)
{
    m_form->addRow(widget);
}

void SetupForm::addField(const QString &field, const QString &label, QWidget *editor)
{
    Field f;
    f.editor = editor;
    f.row = new QWidget;
    auto *rowLayout = new QVBoxLayout(f.row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->setSpacing(2);
    f.frame = new QFrame;
    f.frame->setObjectName(QStringLiteral("setupFieldFrame"));
    auto *frameLayout = new QVBoxLayout(f.frame);
    frameLayout->setContentsMargins(1, 1, 1, 1);
    frameLayout->addWidget(editor);
    rowLayout->addWidget(f.frame);
    f.problem = new QLabel;
    f.problem->setObjectName(QStringLiteral("setupProblem"));
    f.problem->setWordWrap(true);
    f.problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    f.problem->hide();
    rowLayout->addWidget(f.problem);

    const QString help = FieldHelp::text(field);
    editor->setToolTip(help);
    auto *labelWidget = new QLabel(label);
    labelWidget->setToolTip(help);
    labelWidget->setBuddy(editor);
    m_form->addRow(labelWidget, f.row);
    m_fields.insert(field, f);
    m_order << field;
}

void SetupForm::setFieldVisible(const QString &field, bool visible)
{
    const auto it = m_fields.constFind(field);
    if (it != m_fields.constEnd())
        m_form->setRowVisible(it->row, visible);
}

void SetupForm::clearFields()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_fields.clear();
    m_order.clear();
}

bool SetupForm::isFieldVisible(const QString &field) const
{
    const auto it = m_fields.constFind(field);
    // isVisibleTo: the form itself may sit in a hidden dock.
    return it != m_fields.constEnd() && it->row->isVisibleTo(this);
}

QWidget *SetupForm::fieldEditor(const QString &field) const
{
    return m_fields.value(field).editor;
}

QString SetupForm::problemText(const QString &field) const
{
    const auto it = m_fields.constFind(field);
    return it != m_fields.constEnd() && !it->problem->isHidden() ? it->problem->text() : QString();
}

void SetupForm::markProblem(Field &field, const QString &message)
{
    field.problem->setText(message);
    field.problem->setVisible(!message.isEmpty());
    field.frame->setStyleSheet(message.isEmpty() ? QString() : kProblemFrame);
}

QVector<SetupProblem> SetupForm::showProblems(const QVector<SetupProblem> &problems)
{
    QHash<QString, QStringList> messages;
    QVector<SetupProblem> unshown;
    for (const SetupProblem &problem : problems) {
        if (m_fields.contains(problem.field) && isFieldVisible(problem.field))
            messages[problem.field] << problem.message;
        else
            unshown << problem;
    }
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it)
        markProblem(*it, messages.value(it.key()).join(QLatin1Char('\n')));
    return unshown;
}

void SetupForm::edit(const std::function<void()> &change)
{
    if (isLoading())
        return;
    change();
    updateVisibility(true);
    noteEdit();
}

void SetupForm::noteEdit()
{
    if (!isLoading())
        Q_EMIT edited();
}

} // namespace deepterra
