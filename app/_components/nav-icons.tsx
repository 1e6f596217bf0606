/** Outline icons for the sidebar sections added with the admin and reseller consoles. */

import type { ReactNode } from "react";

type IconProps = { className?: string };

function Outline({ className = "size-5", children }: IconProps & { children: ReactNode }) {
  return (
    <svg className={className} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      {children}
    </svg>
  );
}

export function HostIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <rect x="4" y="3.5" width="16" height="17" rx="2" />
      <path d="M8 8h8M8 12h8M8 16h3" />
    </Outline>
  );
}

export function TagIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="M3.5 12.5V4.5a1 1 0 0 1 1-1h8l8 8-9 9-8-8Z" />
      <circle cx="8.5" cy="8.5" r="1.3" />
    </Outline>
  );
}

export function LayersIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="m12 3.5 8.5 4.5-8.5 4.5L3.5 8 12 3.5Z" />
      <path d="m3.5 12 8.5 4.5 8.5-4.5M3.5 16l8.5 4.5 8.5-4.5" />
    </Outline>
  );
}

export function GlobeIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.5 2.4 3.5 5.3 3.5 8.5s-1 6.1-3.5 8.5c-2.5-2.4-3.5-5.3-3.5-8.5s1-6.1 3.5-8.5Z" />
    </Outline>
  );
}

export function UsersIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20c.5-3.5 3.2-5.5 6.5-5.5s6 2 6.5 5.5" />
      <path d="M15.5 4.8a3.3 3.3 0 0 1 0 6.4M18 14.8c2 .7 3.3 2.5 3.5 5.2" />
    </Outline>
  );
}

export function StackIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <rect x="3.5" y="4" width="17" height="7" rx="1.5" />
      <rect x="3.5" y="13" width="17" height="7" rx="1.5" />
      <path d="M7 7.5h.01M7 16.5h.01" />
    </Outline>
  );
}

export function QueueIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="M4 6h16M4 12h10M4 18h7" />
      <path d="m16 15 2.5 2.5L22 14" />
    </Outline>
  );
}

export function LogIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="M6 3.5h9l3.5 3.5v13.5H6z" />
      <path d="M9 11h6M9 14.5h6M9 18h3" />
    </Outline>
  );
}

export function GaugeIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="M4 17a8 8 0 1 1 16 0" />
      <path d="m12 17 4-6" />
    </Outline>
  );
}

export function BrushIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="M14.5 4.5 19.5 9.5 11 18l-5-5 8.5-8.5Z" />
      <path d="M6 13c-2 0-2.5 1.5-2.5 3.5S3 20 3 20s2.5.5 4.5-.5S9 17 8.5 15.5" />
    </Outline>
  );
}

export function UserIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4.5 20.5c.6-3.8 3.6-6 7.5-6s6.9 2.2 7.5 6" />
    </Outline>
  );
}

export function ShieldIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <path d="M12 3.5 19.5 6v5.5c0 4.6-3.2 8-7.5 9.5-4.3-1.5-7.5-4.9-7.5-9.5V6L12 3.5Z" />
      <path d="m9 12 2.2 2.2L15.5 10" />
    </Outline>
  );
}

export function TerminalIcon(props: IconProps) {
  return (
    <Outline {...props}>
      <rect x="3" y="4.5" width="18" height="15" rx="2" />
      <path d="m7 9.5 3 2.5-3 2.5M12.5 15h4.5" />
    </Outline>
  );
}
