"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { BrushIcon, GaugeIcon, GlobeIcon, HostIcon, LayersIcon, LogIcon, QueueIcon, ShieldIcon, StackIcon, TagIcon, TerminalIcon, UserIcon, UsersIcon } from "./nav-icons";
import { CartIcon, HomeIcon, KeyIcon, WebhookIcon } from "./ui";

interface NavLink {
  href: string;
  label: string;
  /** The label in the compact top bar on small screens. */
  short?: string;
  icon: typeof HomeIcon;
  match: (path: string) => boolean;
}

interface NavSection {
  title: string;
  links: NavLink[];
}

const under = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`);

const cloudLinks: NavLink[] = [
  { href: "/", label: "Dashboard", icon: HomeIcon, match: (path) => path === "/" || path.startsWith("/servers") || path.startsWith("/orders/") },
  { href: "/order", label: "Order a server", short: "Order", icon: CartIcon, match: (path) => path === "/order" },
];

const adminLinks: NavLink[] = [
  { href: "/admin/hosts", label: "Hosts", icon: HostIcon, match: under("/admin/hosts") },
  { href: "/admin/plans", label: "Plans", icon: TagIcon, match: under("/admin/plans") },
  { href: "/admin/templates", label: "Templates", icon: LayersIcon, match: under("/admin/templates") },
  { href: "/admin/ip-pools", label: "IP pools", icon: GlobeIcon, match: under("/admin/ip-pools") },
  { href: "/admin/resellers", label: "Resellers", icon: UsersIcon, match: under("/admin/resellers") },
  { href: "/admin/customers", label: "Customer limits", short: "Limits", icon: UsersIcon, match: under("/admin/customers") },
  { href: "/admin/servers", label: "Servers", short: "All servers", icon: StackIcon, match: under("/admin/servers") },
  { href: "/admin/jobs", label: "Jobs", icon: QueueIcon, match: under("/admin/jobs") },
  { href: "/admin/mail", label: "Mail", icon: LogIcon, match: under("/admin/mail") },
  { href: "/admin/audit", label: "Audit log", icon: LogIcon, match: under("/admin/audit") },
];

const resellerLinks: NavLink[] = [
  { href: "/reseller", label: "Overview", icon: GaugeIcon, match: (path) => path === "/reseller" },
  { href: "/reseller/customers", label: "Customers", icon: UsersIcon, match: under("/reseller/customers") },
  { href: "/reseller/servers", label: "Servers", short: "Customers' servers", icon: StackIcon, match: under("/reseller/servers") },
  { href: "/reseller/branding", label: "Branding", icon: BrushIcon, match: under("/reseller/branding") },
];

function accountLinks(role: string): NavLink[] {
  const links: NavLink[] = [
    { href: "/settings/profile", label: "Profile", icon: UserIcon, match: under("/settings/profile") },
    { href: "/settings/security", label: "Security", icon: ShieldIcon, match: under("/settings/security") },
    { href: "/settings/ssh-keys", label: "SSH keys", icon: TerminalIcon, match: under("/settings/ssh-keys") },
    { href: "/settings/tokens", label: "API tokens", short: "Tokens", icon: KeyIcon, match: under("/settings/tokens") },
  ];
  if (role === "reseller") {
    links.push({ href: "/settings/billing", label: "Billing webhook", short: "Billing", icon: WebhookIcon, match: under("/settings/billing") });
  }
  if (role === "admin" || role === "reseller") {
    links.push({ href: "/settings/webhooks", label: "Outgoing webhooks", short: "Webhooks", icon: WebhookIcon, match: under("/settings/webhooks") });
  }
  // Admins read the whole trail under Admin; others their own.
  if (role !== "admin") links.push({ href: "/activity", label: "Audit log", icon: LogIcon, match: under("/activity") });
  return links;
}

function sectionsFor(role: string): NavSection[] {
  const sections: NavSection[] = [{ title: "Cloud", links: cloudLinks }];
  if (role === "admin") sections.push({ title: "Admin", links: adminLinks });
  if (role === "reseller") sections.push({ title: "Reseller", links: resellerLinks });
  sections.push({ title: "Account", links: accountLinks(role) });
  return sections;
}

function LinkList({ links, pathname }: { links: NavLink[]; pathname: string }) {
  return (
    <div className="flex flex-col gap-0.5">
      {links.map(({ href, label, icon: Icon, match }) => {
        const active = match(pathname);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-3 rounded-lg px-3 py-1.5 text-sm font-medium transition-colors ${
              active ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-800/60 hover:text-white"
            }`}
          >
            <Icon className="size-5 shrink-0" />
            {label}
          </Link>
        );
      })}
    </div>
  );
}

export function NavLinks({ role }: { role: string }) {
  const pathname = usePathname();
  return (
    <nav className="flex flex-col" data-testid="sidebar-nav">
      {sectionsFor(role).map((section, index) => (
        <div key={section.title} data-testid={`nav-section-${section.title.toLowerCase()}`}>
          <p className={`mb-2 px-3 text-xs font-semibold uppercase tracking-wider text-slate-500 ${index === 0 ? "" : "mt-6"}`}>{section.title}</p>
          <LinkList links={section.links} pathname={pathname} />
        </div>
      ))}
    </nav>
  );
}

/** The compact links of the top bar on small screens. */
export function MobileNavLinks({ role }: { role: string }) {
  const links = sectionsFor(role).flatMap((section) => section.links);
  return (
    <nav className="ml-4 flex gap-4 overflow-x-auto text-sm font-medium text-slate-600">
      {links.map(({ href, label, short }) => (
        <Link key={href} href={href} className="whitespace-nowrap hover:text-slate-900">
          {short ?? label}
        </Link>
      ))}
    </nav>
  );
}
