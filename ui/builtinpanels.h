#pragma once

namespace Proto {

class PanelRegistry;

// Adds every panel library built into this binary (ui/<panel>/, registered with
// proto_ui_register_panel() in CMake) to registry. Generated: builtinpanels.cpp.in.
void registerBuiltinPanels(PanelRegistry &registry);

} // namespace Proto
