import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../api.ts';
import { words } from '../format.ts';

/** Loads data for a screen; reloads when `deps` change or when `reload()` is called. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, loading: false }),
      (error) => !ctrl.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => ctrl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A problem+json answer as the API wrote it: what happened, what to do, which field. */
export function ProblemView({ error, context }: { error: unknown; context?: string }) {
  if (!error) return null;
  if (error instanceof ApiProblem) {
    const p = error.problem;
    return (
      <div class="problem" role="alert" data-problem={error.kind} data-status={error.status}>
        <p class="problem-title">
          <strong>{p.title ?? 'The request was refused'}</strong>
          {error.status ? <span class="problem-status"> ({error.status})</span> : null}
          {context ? <span> — {context}</span> : null}
        </p>
        {p.detail ? <p class="problem-detail">{p.detail}</p> : null}
        {p.errors && p.errors.length > 0 ? (
          <ul class="problem-errors">
            {p.errors.slice(0, 50).map((e, i) => (
              <li key={i}>
                {e.row !== undefined ? <code>row {e.row}</code> : null}
                {e.column ? <code>{e.column}</code> : null}
                {e.pointer ? <code>{e.pointer}</code> : null}
                {e.parameter ? <code>?{e.parameter}</code> : null}
                {e.header ? <code>{e.header}</code> : null} {e.detail}
              </li>
            ))}
          </ul>
        ) : null}
        {p.requestId ? <p class="muted small">Request id {p.requestId}</p> : null}
      </div>
    );
  }
  return (
    <div class="problem" role="alert">
      <p>
        <strong>Something went wrong</strong>
        {context ? ` — ${context}` : ''}: {String((error as Error).message ?? error)}
      </p>
    </div>
  );
}

/** A route the API does not serve yet (being built): say so instead of failing loudly. */
export const notServedYet = (error: unknown) =>
  error instanceof ApiProblem && (error.status === 404 || error.status === 405) && error.kind !== 'not-found';

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status status-${status.toLowerCase()}`} data-status={status}>
      {words(status)}
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert, Escape
 * closes it (the `cancel` event), Tab and Shift+Tab cycle within it, and focus returns to what
 * opened it.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  // A layout effect: Preact runs its cleanup as the dialog unmounts, before the element leaves the
  // page. A passive effect's cleanup runs after the next paint, so focus would drop to <body> (the
  // focused element inside the dialog is gone) until the opener got it back.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[autofocus], input, select, textarea, button');
    first?.focus();
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);
  const trap = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const focusable = [
      ...ref.current!.querySelectorAll<HTMLElement>(
        'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
      ),
    ].filter((el) => el.offsetParent !== null);
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <dialog
      ref={ref}
      class={props.wide ? 'dialog wide' : 'dialog'}
      aria-labelledby="dialog-title"
      onKeyDown={trap}
    >
      <div class="dialog-head">
        <h2 id="dialog-title">{props.title}</h2>
        <button type="button" class="icon" aria-label="Close dialog" onClick={() => onClose.current()}>
          ×
        </button>
      </div>
      {props.children}
    </dialog>
  );
}

/**
 * A confirmation: says what will happen, runs the action, shows the API's refusal in place (the
 * dialog stays open so the user can correct and retry), closes on success.
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onClose: () => void;
  onConfirm: () => Promise<void>;
  children?: ComponentChildren;
  wide?: boolean;
  /** Disable the confirm button (a required field is empty). */
  blocked?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || props.blocked) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose} {...(props.wide ? { wide: true } : {})}>
      <form onSubmit={submit} class="dialog-body">
        {props.children}
        <ProblemView error={error} />
        {props.blocked ? <p class="muted small">{props.blocked}</p> : null}
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            class={props.danger ? 'danger' : 'primary'}
            disabled={busy || !!props.blocked}
            aria-busy={busy}
          >
            {busy ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function Field(props: { label: string; id: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}
