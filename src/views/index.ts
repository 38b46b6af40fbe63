// Public entry of the attention views.
export { AttentionPanel, type AttentionPanelProps } from './AttentionPanel';
export { attentionLensCss } from './styles';
export type { TabId, ThemePref } from './types';
