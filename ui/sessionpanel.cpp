#include "sessionpanel.h"

namespace Proto {

SessionPanel::SessionPanel(QWidget *parent)
    : QWidget(parent)
{ }

SessionPanel::~SessionPanel() = default;

} // namespace Proto
