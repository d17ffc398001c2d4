import { byId } from './dom.js';

/*
 * MOCK_ADMIN_TOKEN, when the server runs with one: asked for the first time /_mock answers 401,
 * kept for this tab only (sessionStorage), sent on every /_mock call and on the stream's URL.
 */

const STORAGE_KEY = 'workload-api-mock.adminToken';

function storedAdminToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage refused (a private window's quota): the token lives as long as the page.
  }
  memory = token;
}

/** The token in use: sessionStorage's, or the one given this page when storage is refused. */
let memory: string | null = null;
export function adminToken(): string | null {
  return storedAdminToken() ?? memory;
}

let pending: Promise<void> | null = null;
/** The user dismissed the dialog: background calls stop asking until they open it themselves. */
let declined = false;
const savedListeners: (() => void)[] = [];

/** Called whenever the user saves a token (from a prompt or the top bar's button). */
export function onAdminTokenSaved(listener: () => void): void {
  savedListeners.push(listener);
}

/** Whether a refused /_mock call may open the dialog by itself. */
export function mayAskForAdminToken(): boolean {
  return !declined;
}

/**
 * Opens the dialog, once for every call refused at the same time. Resolves when the user saved a
 * token; rejects when they dismissed the dialog. `refused` says the token they gave was wrong.
 */
export function askForAdminToken(refused: boolean): Promise<void> {
  pending ??= new Promise<void>((resolve, reject) => {
    const dialog = byId<HTMLDialogElement>('admin-dialog');
    const form = byId<HTMLFormElement>('admin-form');
    const input = byId<HTMLInputElement>('admin-token');
    const error = byId('admin-refused');
    const cancel = byId<HTMLButtonElement>('admin-cancel');
    byId('admin-token-open').hidden = false;
    error.hidden = !refused;
    input.value = '';
    input.setAttribute('aria-invalid', String(refused));
    if (refused) input.setAttribute('aria-describedby', 'admin-refused');
    else input.removeAttribute('aria-describedby');
    const finish = (saved: boolean) => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      pending = null;
      declined = !saved;
      if (saved) {
        resolve();
        for (const listener of savedListeners) listener();
      } else {
        // Dismissed (Escape too): the focus goes to the button that opens it again.
        byId('admin-token-open').focus();
        reject(new Error('No admin token given.'));
      }
    };
    const onSubmit = (event: Event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      store(token);
      finish(true);
    };
    const onCancel = (event: Event) => {
      event.preventDefault();
      finish(false);
    };
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    // Escape.
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
  });
  return pending;
}

/** The top bar's "Admin token" button: change the token, or give it after dismissing the dialog. */
export function installAdminTokenButton(): void {
  const button = byId<HTMLButtonElement>('admin-token-open');
  if (adminToken() !== null) button.hidden = false;
  button.addEventListener('click', () => {
    // Dismissing it is no error (the dialog gives the focus back to this button).
    askForAdminToken(false).catch(() => {});
  });
}
