import type { StatusMessage } from '../../lib/lektrico/station-status';
import type { Translate } from '../common/i18n';

/**
 * A station status in the runtime's language: lib/lektrico's facts (a key below the catalogue's
 * `lektrico-station.status`, and values) worded by the catalogue; a value that is itself a
 * message (a limit's name, an error's meaning) is worded first.
 */
export function wordStatus(t: Translate, message: StatusMessage): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] = typeof value === 'object' ? wordStatus(t, value) : value;
  }
  return t(`lektrico-station.status.${message.key}`, params);
}
