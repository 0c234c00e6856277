import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { BackOfficeApi } from './api.ts';
import type { ConsoleConfig } from './config.ts';
import type { Session } from './session.ts';

/**
 * What every screen of the signed-in console reads: the API, who is signed in, the region shown.
 * The app shell (app.tsx) provides it; the screens (pages/) read it with `useConsole`.
 */
export interface ConsoleContext {
  config: ConsoleConfig;
  api: BackOfficeApi;
  session: Session;
  /** The region whose queues, inventory and technicians the screens show. */
  region: string;
  setRegion: (r: string) => void;
}

const context = createContext<ConsoleContext | null>(null);

export const ConsoleProvider = context.Provider;

export const useConsole = (): ConsoleContext => useContext(context)!;
