/**
 * A Map that forgets its oldest entry beyond a size limit: per-device state keyed by whatever
 * arrives (topics, frame sources) must not grow without bound when a flow sends many ids.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
