import { catalogueCommands } from './commands/catalogue.ts';
import { networkCommands } from './commands/network.ts';
import { partnerCommands } from './commands/partners.ts';
import type { Command } from './commands/shared.ts';

/** Every command of the admin CLI, by noun and verb. */
export const commands: Record<string, Record<string, Command>> = {
  ...partnerCommands,
  ...networkCommands,
  ...catalogueCommands,
};
