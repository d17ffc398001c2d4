export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((event: Event) => void)>;

/** Creates an element: `h('button', { type: 'button', onclick: go }, 'Go')`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (value === true) element.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), [tabindex="0"]';

/**
 * Replaces a region's content, keeping keyboard focus on the control that had it (matched by its
 * data-key), so live updates never throw a keyboard user out of what they were doing. When that
 * control is gone (a cleared fault's button), the focus goes to the region itself rather than back
 * to the top of the page; never to another control, which would do something else on Enter.
 */
export function replaceRegion(region: HTMLElement, ...children: Child[]): void {
  const focused = document.activeElement;
  const inside = focused !== null && focused !== region && region.contains(focused);
  const key = inside ? focused.getAttribute('data-key') : null;
  // A scrolled table the user is reading stays where it was.
  const scrolled = inside ? { top: focused.scrollTop, left: focused.scrollLeft } : null;
  region.replaceChildren();
  append(region, children);
  if (!inside) return;
  const again = key ? region.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) : null;
  focusOn(again ?? region);
  if (again && scrolled) again.scrollTo(scrolled);
}

/** Focuses an element, making a region or a paragraph focusable from script for it. */
export function focusOn(element: HTMLElement): void {
  if (!element.matches(FOCUSABLE) && !element.hasAttribute('tabindex')) element.tabIndex = -1;
  element.focus();
}

/**
 * Enables and disables controls; if the one with the focus is disabled by it, the focus moves to
 * `heir`, not to the top of the page. The heir is never another button: a change the stream brings
 * must not put the focus on a control that does something else (Start became Cancel).
 */
export function enableControls(states: [HTMLButtonElement, boolean][], heir: HTMLElement): void {
  const focused = document.activeElement;
  for (const [control, enabled] of states) control.disabled = !enabled;
  if (states.some(([control, enabled]) => control === focused && !enabled)) focusOn(heir);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}
