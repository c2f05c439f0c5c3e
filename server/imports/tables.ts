import type { Generated, Selectable } from 'kysely';
import type { Channel } from '../opinions/channels.js';
import type { ImportState } from './state.js';

export interface ImportsTable {
  id: Generated<number>;
  campaign_id: number;
  channel: Channel;
  uploaded_by: number;
  filename: string;
  /** How the file was read: 'utf-8' or 'gb18030'. */
  encoding: string;
  row_count: number;
  state: Generated<ImportState>;
  /** The parsed rows, JSON, kept between the preview and the import. */
  payload: string;
  imported_count: number | null;
  created_at: string;
  imported_at: string | null;
}

export type ImportRow = Selectable<ImportsTable>;
