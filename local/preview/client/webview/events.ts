import { exparser } from './vendor';

/**
 * A mouse is not a finger: WeChat derives `tap`, `longpress` and touch events from touches,
 * a desktop browser sends pointer events and clicks. This turns them into the exparser events
 * WXML binds to (bindtap, catchtap, bindtouchstart…), dispatched on the element under the pointer.
 */
const LONGPRESS_MS = 350;
const MOVE_TOLERANCE = 10;

interface WxDomNode extends Node {
  __wxElement?: unknown;
}

/** The deepest node exparser knows, from where the event really happened (inside shadow roots too). */
function wxTarget(event: Event): Node | null {
  for (const node of event.composedPath()) {
    if (node instanceof Node && (node as WxDomNode).__wxElement) return node;
    if (node instanceof ShadowRoot) return null;
  }
  return null;
}

function touchOf(e: PointerEvent | MouseEvent, scroller: HTMLElement | null) {
  const scrollTop = scroller?.scrollTop ?? 0;
  return { identifier: 0, pageX: e.clientX, pageY: e.clientY + scrollTop, clientX: e.clientX, clientY: e.clientY, force: 1 };
}

function dispatch(target: Node, name: string, detail: unknown, original: Event, touches: unknown[], changed: unknown[]): void {
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(name, detail, {
      originalEvent: original,
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches, changedTouches: changed },
    }),
  );
}

export function bridgeEvents(root: ShadowRoot, scroller: HTMLElement | null): void {
  let down: { target: Node; x: number; y: number; longpressed: boolean; timer: number } | null = null;

  root.addEventListener('pointerdown', (evt) => {
    const e = evt as PointerEvent;
    if (e.button !== 0) return;
    const target = wxTarget(e);
    if (!target) return;
    const t = touchOf(e, scroller);
    const state = {
      target,
      x: e.clientX,
      y: e.clientY,
      longpressed: false,
      timer: window.setTimeout(() => {
        state.longpressed = true;
        dispatch(target, 'longpress', { x: t.pageX, y: t.pageY }, e, [t], [t]);
      }, LONGPRESS_MS),
    };
    down = state;
    dispatch(target, 'touchstart', {}, e, [t], [t]);
  });

  root.addEventListener('pointermove', (evt) => {
    const e = evt as PointerEvent;
    if (!down) return;
    if (Math.abs(e.clientX - down.x) > MOVE_TOLERANCE || Math.abs(e.clientY - down.y) > MOVE_TOLERANCE) {
      window.clearTimeout(down.timer);
      down.longpressed = true; // a drag is not a tap
    }
    const t = touchOf(e, scroller);
    dispatch(down.target, 'touchmove', {}, e, [t], [t]);
  });

  const end = (evt: Event, name: 'touchend' | 'touchcancel') => {
    const e = evt as PointerEvent;
    if (!down) return;
    window.clearTimeout(down.timer);
    const t = touchOf(e, scroller);
    dispatch(down.target, name, {}, e, [], [t]);
    if (name === 'touchcancel') down = null;
  };
  root.addEventListener('pointerup', (e) => end(e, 'touchend'));
  root.addEventListener('pointercancel', (e) => end(e, 'touchcancel'));

  root.addEventListener('click', (evt) => {
    const e = evt as MouseEvent;
    const cancelled = down?.longpressed === true;
    down = null;
    if (cancelled) return;
    const target = wxTarget(e);
    if (!target) return;
    const t = touchOf(e, scroller);
    dispatch(target, 'tap', { x: t.pageX, y: t.pageY }, e, [], [t]);
  });
}
