export { Panel, PANEL_MODES, type PanelMode } from './Panel';
export { PanelRole, BUTTON_STYLES, type PanelButtonStyle } from './PanelRole';
