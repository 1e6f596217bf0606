import { addressInRanges, storedList } from "../network/address-ranges";

/**
 * Whether an account may sign in from this address: anywhere when it has no sign-in ranges, else
 * only from inside one of them (an unknown address is inside none).
 */
export function signInAddressAllowed(user: { signInRanges: string | null }, ipAddress: string | null): boolean {
  const ranges = storedList(user.signInRanges);
  return !ranges || addressInRanges(ipAddress, ranges);
}
