/**
 * One `make(region)` per region, made on first use and kept for the container's life, and `here`
 * for the region the code runs in: the clients and tables of other regions, for what must be done
 * in an item's home region (a reservation of another region's stock, a claim's task token).
 */
export function perRegion<T>(
  thisRegion: string,
  here: T,
  make: (region: string) => T,
): (region: string) => T {
  const made = new Map<string, T>([[thisRegion, here]]);
  return (region) => {
    let value = made.get(region);
    if (value === undefined) {
      value = make(region);
      made.set(region, value);
    }
    return value;
  };
}
