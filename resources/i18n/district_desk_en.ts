<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About District Desk</source>
        <translation>About District Desk</translation>
    </message>
    <message>
        <source>District Desk %1</source>
        <translation>District Desk %1</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Regional server:</source>
        <translation>Regional server:</translation>
    </message>
    <message>
        <source>Office:</source>
        <translation>Office:</translation>
    </message>
    <message>
        <source>Key storage:</source>
        <translation>Key storage:</translation>
    </message>
    <message>
        <source>Database size:</source>
        <translation>Database size:</translation>
    </message>
    <message>
        <source>Last sync (server time):</source>
        <translation>Last sync (server time):</translation>
    </message>
    <message>
        <source>Last sync problem:</source>
        <translation>Last sync problem:</translation>
    </message>
    <message>
        <source>Self-test:</source>
        <translation>Self-test:</translation>
    </message>
    <message>
        <source>Self-test results</source>
        <translation>Self-test results</translation>
    </message>
    <message>
        <source>&amp;Save diagnostics report…</source>
        <translation>&amp;Save diagnostics report…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Save diagnostics report</source>
        <translation>Save diagnostics report</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
</context>
<context>
    <name>BulletinDetail</name>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Issuing country</source>
        <translation>Issuing country</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>CANCELLED</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>Reference:</translation>
    </message>
    <message>
        <source>Issuing country:</source>
        <translation>Issuing country:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Issued:</translation>
    </message>
    <message>
        <source>Record hi&amp;t</source>
        <translation>Record hi&amp;t</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>Export &amp;PDF…</translation>
    </message>
    <message>
        <source>P&amp;rint…</source>
        <translation>P&amp;rint…</translation>
    </message>
    <message>
        <source>Load full photo</source>
        <translation>Load full photo</translation>
    </message>
    <message>
        <source>Data as of</source>
        <translation>Data as of</translation>
    </message>
    <message>
        <source>Downloads the full-size photo from the regional server (uses the link).</source>
        <translation>Downloads the full-size photo from the regional server (uses the link).</translation>
    </message>
    <message>
        <source>Data as of:</source>
        <translation>Data as of:</translation>
    </message>
    <message>
        <source>&amp;Use in request</source>
        <translation>&amp;Use in request</translation>
    </message>
    <message>
        <source>Select a bulletin in the list.</source>
        <translation>Select a bulletin in the list.</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>CANCELLED on %1 — no longer valid. Do not act on this bulletin.</source>
        <translation>CANCELLED on %1 — no longer valid. Do not act on this bulletin.</translation>
    </message>
    <message>
        <source>URGENT</source>
        <translation>URGENT</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>Photo not yet downloaded</source>
        <translation>Photo not yet downloaded</translation>
    </message>
    <message>
        <source>Show full photo</source>
        <translation>Show full photo</translation>
    </message>
</context>
<context>
    <name>BulletinsPage</name>
    <message>
        <source>Bulletin kind</source>
        <translation>Bulletin kind</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>Country: KZ, KAZ or name</source>
        <translation>Country: KZ, KAZ or name</translation>
    </message>
    <message>
        <source>Issuing country</source>
        <translation>Issuing country</translation>
    </message>
    <message>
        <source>A two- or three-letter ISO code (KZ, KAZ) or the country&apos;s name.</source>
        <translation>A two- or three-letter ISO code (KZ, KAZ) or the country&apos;s name.</translation>
    </message>
    <message>
        <source>Issued from</source>
        <translation>Issued from</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>Issued to</translation>
    </message>
    <message>
        <source>Hide cancelled</source>
        <translation>Hide cancelled</translation>
    </message>
    <message>
        <source>Urgent only</source>
        <translation>Urgent only</translation>
    </message>
    <message>
        <source>&amp;Clear the filter</source>
        <translation>&amp;Clear the filter</translation>
    </message>
    <message>
        <source>Bulletins</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Country</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>CANCELLED</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Unknown country “%1”: type a code (KZ or KAZ) or a name.</source>
        <translation>Unknown country “%1”: type a code (KZ or KAZ) or a name.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln bulletin(s)</source>
        <translation>
            <numerusform>%Ln bulletin</numerusform>
            <numerusform>%Ln bulletins</numerusform>
        </translation>
    </message>
    <message>
        <source>No bulletins match the filter. The other bulletins are hidden by it.</source>
        <translation>No bulletins match the filter. The other bulletins are hidden by it.</translation>
    </message>
    <message>
        <source>No bulletins on this PC yet: they arrive with the first synchronisation with the regional server.</source>
        <translation>No bulletins on this PC yet: they arrive with the first synchronisation with the regional server.</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>Select a case in the list.</source>
        <translation>Select a case in the list.</translation>
    </message>
    <message>
        <source>Subjects:</source>
        <translation>Subjects:</translation>
    </message>
    <message>
        <source>Subjects of the case</source>
        <translation>Subjects of the case</translation>
    </message>
    <message>
        <source>Timeline:</source>
        <translation>Timeline:</translation>
    </message>
    <message>
        <source>Case timeline</source>
        <translation>Case timeline</translation>
    </message>
    <message>
        <source>New note…</source>
        <translation>New note…</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>New note</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>&amp;Add note</translation>
    </message>
    <message>
        <source>&amp;Use in request</source>
        <translation>&amp;Use in request</translation>
    </message>
    <message>
        <source>Status: %1 · opened %2</source>
        <translation>Status: %1 · opened %2</translation>
    </message>
    <message>
        <source>[not yet on the server]</source>
        <translation>[not yet on the server]</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Linked bulletin</source>
        <translation>Linked bulletin</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>Write the note first.</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Filter by case number or title</source>
        <translation>Filter by case number or title</translation>
    </message>
    <message>
        <source>Filter cases</source>
        <translation>Filter cases</translation>
    </message>
    <message>
        <source>&amp;Clear the filter</source>
        <translation>&amp;Clear the filter</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>No case files match “%1”.</source>
        <translation>No case files match “%1”.</translation>
    </message>
    <message>
        <source>No case files on this PC yet: they arrive with the synchronisation with the regional server.</source>
        <translation>No case files on this PC yet: they arrive with the synchronisation with the regional server.</translation>
    </message>
</context>
<context>
    <name>ChangesView</name>
    <message>
        <source>Changes since the previous submission</source>
        <translation>Changes since the previous submission</translation>
    </message>
    <message>
        <source>First submission: nothing to compare.</source>
        <translation>First submission: nothing to compare.</translation>
    </message>
    <message>
        <source>No changes since the previous submission.</source>
        <translation>No changes since the previous submission.</translation>
    </message>
    <message>
        <source>Removed: struck through on red. Added: underlined on green.</source>
        <translation>Removed: struck through on red. Added: underlined on green.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>This address sends the enrolment elsewhere (a redirect). Nothing was sent there. Enter the regional server&apos;s own address, as its operator gave it.</source>
        <extracomment>Letters, digits, dashes and spaces: what a code such as ``7KQ4-M2XD-9PHR`` may hold. Field names used by :func:`classify_failure` and the error labels of the dialog.</extracomment>
        <translation>This address sends the enrolment elsewhere (a redirect). Nothing was sent there. Enter the regional server&apos;s own address, as its operator gave it.</translation>
    </message>
    <message>
        <source>The regional server had an internal fault and could not enrol this PC. Nothing was registered; try again later, and tell the server&apos;s operator if it keeps happening.</source>
        <translation>The regional server had an internal fault and could not enrol this PC. Nothing was registered; try again later, and tell the server&apos;s operator if it keeps happening.</translation>
    </message>
    <message>
        <source>District Desk — enrol this PC</source>
        <translation>District Desk — enrol this PC</translation>
    </message>
    <message>
        <source>Enrol this PC with the regional server</source>
        <translation>Enrol this PC with the regional server</translation>
    </message>
    <message>
        <source>IT staff: enter the one-time enrolment code issued for this office. Without enrolment District Desk works offline: local users can log in and work, nothing is sent.</source>
        <translation>IT staff: enter the one-time enrolment code issued for this office. Without enrolment District Desk works offline: local users can log in and work, nothing is sent.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Set by the site configuration file.</source>
        <translation>Set by the site configuration file.</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>&amp;Server address:</translation>
    </message>
    <message>
        <source>One-time enrolment code</source>
        <translation>One-time enrolment code</translation>
    </message>
    <message>
        <source>One-time &amp;code:</source>
        <translation>One-time &amp;code:</translation>
    </message>
    <message>
        <source>CA bundle file (optional)</source>
        <translation>CA bundle file (optional)</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>B&amp;rowse…</translation>
    </message>
    <message>
        <source>CA &amp;bundle:</source>
        <translation>CA &amp;bundle:</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>Office:</source>
        <translation>Office:</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>&amp;Enrol</translation>
    </message>
    <message>
        <source>&amp;Work offline</source>
        <translation>&amp;Work offline</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>CA bundle</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>This PC is already enrolled with %1. Enrolling again replaces its registration; local data and unsent work are kept.</source>
        <translation>This PC is already enrolled with %1. Enrolling again replaces its registration; local data and unsent work are kept.</translation>
    </message>
    <message>
        <source>Enrol again?</source>
        <translation>Enrol again?</translation>
    </message>
    <message>
        <source>This PC is already enrolled. Enrol it again with the new code? Local data and requests waiting to be sent are kept.</source>
        <translation>This PC is already enrolled. Enrol it again with the new code? Local data and requests waiting to be sent are kept.</translation>
    </message>
    <message>
        <source>Contacting the regional server…</source>
        <translation>Contacting the regional server…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>This PC is enrolled with %1 (%2), office %3.</source>
        <translation>This PC is enrolled with %1 (%2), office %3.</translation>
    </message>
</context>
<context>
    <name>HandlingBanner</name>
    <message>
        <source>Handling restriction: %1</source>
        <translation>Handling restriction: %1</translation>
    </message>
</context>
<context>
    <name>HitDialog</name>
    <message>
        <source>Record a hit</source>
        <translation>Record a hit</translation>
    </message>
    <message>
        <source>Match: %1 (%2)</source>
        <translation>Match: %1 (%2)</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Circumstances</source>
        <translation>Circumstances</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>&amp;Place:</translation>
    </message>
    <message>
        <source>&amp;Circumstances:</source>
        <translation>&amp;Circumstances:</translation>
    </message>
    <message>
        <source>&amp;Action taken:</source>
        <translation>&amp;Action taken:</translation>
    </message>
    <message>
        <source>I have checked this weak match myself (documents, photo, details)</source>
        <translation>I have checked this weak match myself (documents, photo, details)</translation>
    </message>
    <message>
        <source>Start a hit notification request</source>
        <translation>Start a hit notification request</translation>
    </message>
    <message>
        <source>Say where the hit happened.</source>
        <translation>Say where the hit happened.</translation>
    </message>
    <message>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>A weak match can only be recorded after you have checked it yourself.</translation>
    </message>
</context>
<context>
    <name>HitNotification</name>
    <message>
        <source>Hit on bulletin %1.</source>
        <translation>Hit on bulletin %1.</translation>
    </message>
    <message>
        <source>Matched: %1 (%2).</source>
        <translation>Matched: %1 (%2).</translation>
    </message>
    <message>
        <source>Place: %1</source>
        <translation>Place: %1</translation>
    </message>
    <message>
        <source>Circumstances: %1</source>
        <translation>Circumstances: %1</translation>
    </message>
    <message>
        <source>Action taken: %1</source>
        <translation>Action taken: %1</translation>
    </message>
    <message>
        <source>strong match</source>
        <translation>strong match</translation>
    </message>
    <message>
        <source>possible match</source>
        <translation>possible match</translation>
    </message>
    <message>
        <source>weak match, confirmed by the officer</source>
        <translation>weak match, confirmed by the officer</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Russian</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
</context>
<context>
    <name>HitsPage</name>
    <message>
        <source>Recorded hits</source>
        <translation>Recorded hits</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Searched for</source>
        <translation>Searched for</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Notification</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>Double-click a hit to see its bulletin.</source>
        <translation>Double-click a hit to see its bulletin.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Session locked</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <source>%1 locked this session.</source>
        <translation>%1 locked this session.</translation>
    </message>
    <message numerus="yes">
        <source>The session of %1 was locked after %n minute(s) without activity.</source>
        <translation>
            <numerusform>The session of %1 was locked after %n minute without activity.</numerusform>
            <numerusform>The session of %1 was locked after %n minutes without activity.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter your password to continue.</source>
        <translation>Enter your password to continue.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>Wrong password.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>District Desk — log in</source>
        <extracomment>Set when the user picked another interface language: the caller installs it and opens the dialog again, translated.</extracomment>
        <translation>District Desk — log in</translation>
    </message>
    <message>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Reading this PC&apos;s configuration…</source>
        <translation>Reading this PC&apos;s configuration…</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>First time on this PC: log in through the regional server</source>
        <translation>First time on this PC: log in through the regional server</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>none (offline only)</source>
        <translation>none (offline only)</translation>
    </message>
    <message>
        <source>Office: %1
Regional server: %2</source>
        <translation>Office: %1
Regional server: %2</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong user name or password. %n attempt(s) left before the account is locked.</source>
        <translation>
            <numerusform>Wrong user name or password. %n attempt left before the account is locked.</numerusform>
            <numerusform>Wrong user name or password. %n attempts left before the account is locked.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a &amp;snapshot from USB…</source>
        <translation>Import a &amp;snapshot from USB…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>District Desk — %1</source>
        <translation>District Desk — %1</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <source>Bulletins</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Replies</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Hits</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>%1 · %2 · office %3</source>
        <translation>%1 · %2 · office %3</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <extracomment>Windows hidden by the lock, shown again when it is lifted.</extracomment>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;New request</source>
        <translation>&amp;New request</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Find…</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Sync &amp;details</source>
        <translation>Sync &amp;details</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About and diagnostics…</source>
        <translation>&amp;About and diagnostics…</translation>
    </message>
    <message>
        <source>&amp;Enrol this PC…</source>
        <translation>&amp;Enrol this PC…</translation>
    </message>
    <message>
        <source>Search for the person, vehicle or document, then choose “Record hit” on the result.</source>
        <translation>Search for the person, vehicle or document, then choose “Record hit” on the result.</translation>
    </message>
    <message>
        <source>A reply to one of your requests has arrived.</source>
        <translation>A reply to one of your requests has arrived.</translation>
    </message>
    <message>
        <source>Urgent bulletin: %1</source>
        <translation>Urgent bulletin: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n urgent bulletin(s) received.</source>
        <translation>
            <numerusform>%n urgent bulletin received.</numerusform>
            <numerusform>%n urgent bulletins received.</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulletin %1 was cancelled.</source>
        <translation>Bulletin %1 was cancelled.</translation>
    </message>
    <message numerus="yes">
        <source>%n bulletin(s) cancelled.</source>
        <translation>
            <numerusform>%n bulletin cancelled.</numerusform>
            <numerusform>%n bulletins cancelled.</numerusform>
        </translation>
    </message>
    <message>
        <source>The regional server refused an item. See Synchronisation for the reason.</source>
        <translation>The regional server refused an item. See Synchronisation for the reason.</translation>
    </message>
    <message>
        <source>Unread replies: %1</source>
        <translation>Unread replies: %1</translation>
    </message>
    <message>
        <source>Requests returned to you for changes: %1</source>
        <translation>Requests returned to you for changes: %1</translation>
    </message>
    <message>
        <source>Requests awaiting your approval: %1</source>
        <translation>Requests awaiting your approval: %1</translation>
    </message>
    <message>
        <source>District Desk — locked</source>
        <translation>District Desk — locked</translation>
    </message>
    <message>
        <source>E&amp;xport for USB…</source>
        <translation>E&amp;xport for USB…</translation>
    </message>
    <message>
        <source>&amp;Import from USB…</source>
        <translation>&amp;Import from USB…</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Open</source>
        <extracomment>Keys that still work on a read-only field: moving the focus on.</extracomment>
        <translation>Open</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>Open: %1</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>Dismiss notice</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancel</source>
        <extracomment>How long an operation may run before a progress dialog appears (no flicker for quick ones). At most this many progress signals per second cross from a worker to the GUI thread. Operations whose result has not been delivered yet, by id (tests wait on it).</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>PeerSection</name>
    <message>
        <source>A PC of another office tried to exchange data with this PC (from %1). It was refused and recorded in the audit log.</source>
        <translation>A PC of another office tried to exchange data with this PC (from %1). It was refused and recorded in the audit log.</translation>
    </message>
    <message>
        <source>A PC that IT revoked at the regional server tried to exchange data with this PC (%1). It was refused and recorded in the audit log.</source>
        <translation>A PC that IT revoked at the regional server tried to exchange data with this PC (%1). It was refused and recorded in the audit log.</translation>
    </message>
    <message>
        <source>An office PC (%1) passed on a list of revoked devices that the regional server did not sign. It was refused and recorded in the audit log.</source>
        <translation>An office PC (%1) passed on a list of revoked devices that the regional server did not sign. It was refused and recorded in the audit log.</translation>
    </message>
    <message>
        <source>An unknown device tried to exchange data with this PC (from %1). It was refused and recorded in the audit log.</source>
        <translation>An unknown device tried to exchange data with this PC (from %1). It was refused and recorded in the audit log.</translation>
    </message>
    <message>
        <source>Exchange with office PCs is off (site.toml: [lan] enabled = false).</source>
        <translation>Exchange with office PCs is off (site.toml: [lan] enabled = false).</translation>
    </message>
    <message>
        <source>This PC has no device certificate: enrol it again to exchange with office PCs.</source>
        <translation>This PC has no device certificate: enrol it again to exchange with office PCs.</translation>
    </message>
    <message>
        <source>The network port for office PCs is in use by another program.</source>
        <translation>The network port for office PCs is in use by another program.</translation>
    </message>
    <message>
        <source>IT revoked this PC at the regional server: it no longer exchanges with office PCs. Ask IT staff.</source>
        <translation>IT revoked this PC at the regional server: it no longer exchanges with office PCs. Ask IT staff.</translation>
    </message>
    <message>
        <source>revoked by IT at the regional server: refused</source>
        <translation>revoked by IT at the regional server: refused</translation>
    </message>
    <message>
        <source>refused: IT revoked this PC at the regional server</source>
        <translation>refused: IT revoked this PC at the regional server</translation>
    </message>
    <message>
        <source>belongs to another office: refused</source>
        <translation>belongs to another office: refused</translation>
    </message>
    <message>
        <source>unknown device: refused</source>
        <translation>unknown device: refused</translation>
    </message>
    <message>
        <source>refused this PC&apos;s certificate</source>
        <translation>refused this PC&apos;s certificate</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>does not answer</translation>
    </message>
    <message>
        <source>sent data that was not accepted</source>
        <translation>sent data that was not accepted</translation>
    </message>
    <message>
        <source>Office PCs on the local network</source>
        <translation>Office PCs on the local network</translation>
    </message>
    <message>
        <source>Office PCs</source>
        <translation>Office PCs</translation>
    </message>
    <message>
        <source>PC (address)</source>
        <translation>PC (address)</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Answers</translation>
    </message>
    <message>
        <source>Last exchange</source>
        <translation>Last exchange</translation>
    </message>
    <message>
        <source>Exchange with office PCs now</source>
        <translation>Exchange with office PCs now</translation>
    </message>
    <message>
        <source>Starting the exchange with office PCs…</source>
        <translation>Starting the exchange with office PCs…</translation>
    </message>
    <message>
        <source>Serving office PCs; no other PC of this office found yet.</source>
        <translation>Serving office PCs; no other PC of this office found yet.</translation>
    </message>
    <message>
        <source>Serving office PCs.</source>
        <translation>Serving office PCs.</translation>
    </message>
    <message>
        <source>not tried yet</source>
        <translation>not tried yet</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>no: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>All recorded spellings:</source>
        <translation>All recorded spellings:</translation>
    </message>
    <message>
        <source>All recorded spellings</source>
        <translation>All recorded spellings</translation>
    </message>
    <message>
        <source>Details:</source>
        <translation>Details:</translation>
    </message>
    <message>
        <source>Bulletin:</source>
        <translation>Bulletin:</translation>
    </message>
    <message>
        <source>Cases:</source>
        <translation>Cases:</translation>
    </message>
    <message>
        <source>Show &amp;bulletin</source>
        <translation>Show &amp;bulletin</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>male</source>
        <translation>male</translation>
    </message>
    <message>
        <source>female</source>
        <translation>female</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>sex unknown</translation>
    </message>
    <message>
        <source>date of birth unknown</source>
        <translation>date of birth unknown</translation>
    </message>
    <message>
        <source>(CANCELLED)</source>
        <translation>(CANCELLED)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Look in:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Files of &amp;type:</translation>
    </message>
</context>
<context>
    <name>RepliesPage</name>
    <message>
        <source>Replies</source>
        <translation>Replies</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Select a reply.</source>
        <translation>Select a reply.</translation>
    </message>
    <message>
        <source>Text of the reply</source>
        <translation>Text of the reply</translation>
    </message>
    <message>
        <source>Show the &amp;request</source>
        <translation>Show the &amp;request</translation>
    </message>
    <message>
        <source>From %1, received %2</source>
        <translation>From %1, received %2</translation>
    </message>
</context>
<context>
    <name>RequestEditor</name>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>person</source>
        <translation>person</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation>vehicle</translation>
    </message>
    <message>
        <source>document</source>
        <translation>document</translation>
    </message>
    <message>
        <source>record</source>
        <translation>record</translation>
    </message>
    <message>
        <source>(case not on this PC)</source>
        <translation>(case not on this PC)</translation>
    </message>
    <message>
        <source>(bulletin not on this PC)</source>
        <translation>(bulletin not on this PC)</translation>
    </message>
    <message>
        <source>(name unknown)</source>
        <translation>(name unknown)</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>nationality %1</source>
        <translation>nationality %1</translation>
    </message>
    <message>
        <source>%1 “%2” matches bulletin %3</source>
        <translation>%1 “%2” matches bulletin %3</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>at %1</translation>
    </message>
    <message>
        <source>(reference missing)</source>
        <translation>(reference missing)</translation>
    </message>
    <message>
        <source>(file not on this PC)</source>
        <translation>(file not on this PC)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <source>Server reference</source>
        <translation>Server reference</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>&amp;Save draft</source>
        <translation>Save dra&amp;ft</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Submit for a&amp;pproval</source>
        <translation>Submit for appro&amp;val</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>&amp;Review…</source>
        <translation>&amp;Review…</translation>
    </message>
    <message>
        <source>Send to outbox</source>
        <translation>Send to outbox</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Withdraw…</translation>
    </message>
    <message>
        <source>Copy to new draft</source>
        <translation>Copy to new draft</translation>
    </message>
    <message>
        <source>Close request</source>
        <translation>Close request</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>New request (not saved yet)</source>
        <translation>New request (not saved yet)</translation>
    </message>
    <message>
        <source>drafted by %1</source>
        <translation>drafted by %1</translation>
    </message>
    <message>
        <source>server reference %1</source>
        <translation>server reference %1</translation>
    </message>
    <message>
        <source>Returned by the supervisor: %1</source>
        <translation>Returned by the supervisor: %1</translation>
    </message>
    <message>
        <source>no reason was given</source>
        <translation>no reason was given</translation>
    </message>
    <message>
        <source>The regional server refused this request: %1</source>
        <translation>The regional server refused this request: %1</translation>
    </message>
    <message>
        <source>Approved and waiting in the outbox. It has NOT reached the regional server yet.</source>
        <translation>Approved and waiting in the outbox. It has NOT reached the regional server yet.</translation>
    </message>
    <message>
        <source>Your action on another PC of the office did not count: %1</source>
        <translation>Your action on another PC of the office did not count: %1</translation>
    </message>
    <message>
        <source>Request — %1</source>
        <translation>Request — %1</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Hit</source>
        <translation>Hit</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Draft saved on this PC at %1</source>
        <translation>Draft saved on this PC at %1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <source>Submitted for approval. A supervisor must approve it before it can leave.</source>
        <translation>Submitted for approval. A supervisor must approve it before it can leave.</translation>
    </message>
    <message>
        <source>Not submitted</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <source>Withdraw request</source>
        <translation>Withdraw request</translation>
    </message>
    <message>
        <source>Why is it withdrawn?</source>
        <translation>Why is it withdrawn?</translation>
    </message>
    <message>
        <source>Add reference</source>
        <translation>Add reference</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>Reference (number, plate or document):</source>
        <translation>Reference (number, plate or document):</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Attach a file</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Request type</source>
        <translation>Request type</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priority:</translation>
    </message>
    <message>
        <source>Answer needed by</source>
        <translation>Answer needed by</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>&amp;Due date:</source>
        <translation>&amp;Due date:</translation>
    </message>
    <message>
        <source>Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)</source>
        <translation>Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation>&amp;Recipients:</translation>
    </message>
    <message>
        <source>Double-click a subject to open it.</source>
        <translation>Double-click a subject to open it.</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <source>Add &amp;case…</source>
        <translation>Add &amp;case…</translation>
    </message>
    <message>
        <source>Add reference…</source>
        <translation>Add reference…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Remove subject</source>
        <translation>Remove subject</translation>
    </message>
    <message>
        <source>&amp;Subjects:</source>
        <translation>&amp;Subjects:</translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation>Text of the request</translation>
    </message>
    <message>
        <source>What is asked, why, and what is already known.</source>
        <translation>What is asked, why, and what is already known.</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <source>Language of the text</source>
        <translation>Language of the text</translation>
    </message>
    <message>
        <source>Fill in the text from the hit</source>
        <translation>Fill in the text from the hit</translation>
    </message>
    <message>
        <source>Handling code</source>
        <translation>Handling code</translation>
    </message>
    <message>
        <source>&amp;Handling:</source>
        <translation>&amp;Handling:</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>&amp;Attach file…</source>
        <translation>&amp;Attach file…</translation>
    </message>
    <message>
        <source>Remove attachment</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>Attach&amp;ments:</source>
        <translation>Attach&amp;ments:</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>&amp;New request</source>
        <translation>&amp;New request</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Re&amp;view…</source>
        <translation>Re&amp;view…</translation>
    </message>
    <message>
        <source>Request stages</source>
        <translation>Request stages</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>No drafts. Start one with New request (Ctrl+N).</source>
        <translation>No drafts. Start one with New request (Ctrl+N).</translation>
    </message>
    <message>
        <source>No requests are waiting for approval.</source>
        <translation>No requests are waiting for approval.</translation>
    </message>
    <message>
        <source>No requests have been returned for changes.</source>
        <translation>No requests have been returned for changes.</translation>
    </message>
    <message>
        <source>The outbox is empty: nothing is waiting to be sent.</source>
        <translation>The outbox is empty: nothing is waiting to be sent.</translation>
    </message>
    <message>
        <source>No requests have been sent yet.</source>
        <translation>No requests have been sent yet.</translation>
    </message>
    <message>
        <source>No requests have been answered yet.</source>
        <translation>No requests have been answered yet.</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Text / reason</source>
        <translation>Text / reason</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Review…</translation>
    </message>
    <message>
        <source>Copy to a new draft</source>
        <translation>Copy to a new draft</translation>
    </message>
    <message>
        <source>%1 (on USB)</source>
        <translation>%1 (on USB)</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Share with the office</source>
        <translation>Share with the office</translation>
    </message>
</context>
<context>
    <name>ResultModel</name>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Matched</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Match</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>Exact</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Strong</translation>
    </message>
    <message>
        <source>Probable</source>
        <translation>Probable</translation>
    </message>
    <message>
        <source>Possible</source>
        <translation>Possible</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Weak</translation>
    </message>
    <message>
        <source>Text contains</source>
        <translation>Text contains</translation>
    </message>
    <message>
        <source>(CANCELLED)</source>
        <translation>(CANCELLED)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review request</source>
        <translation>Review request</translation>
    </message>
    <message>
        <source>Content that will be sent</source>
        <translation>Content that will be sent</translation>
    </message>
    <message>
        <source>Changes since the previous submission:</source>
        <translation>Changes since the previous submission:</translation>
    </message>
    <message>
        <source>Reason for returning (required to return):</source>
        <translation>Reason for returning (required to return):</translation>
    </message>
    <message>
        <source>Reason for returning</source>
        <translation>Reason for returning</translation>
    </message>
    <message>
        <source>&amp;Approve and send</source>
        <translation>&amp;Approve and send</translation>
    </message>
    <message>
        <source>Approves exactly the content shown above (Alt+A or a click).</source>
        <translation>Approves exactly the content shown above (Alt+A or a click).</translation>
    </message>
    <message>
        <source>This request no longer exists on this PC. Nothing was approved.</source>
        <translation>This request no longer exists on this PC. Nothing was approved.</translation>
    </message>
    <message>
        <source>This request changed while this window was open; it is now “%1”. What you see has been refreshed: read it again before deciding.</source>
        <translation>This request changed while this window was open; it is now “%1”. What you see has been refreshed: read it again before deciding.</translation>
    </message>
    <message>
        <source>%1 — drafted by %2, revision %3, state “%4”</source>
        <translation>%1 — drafted by %2, revision %3, state “%4”</translation>
    </message>
    <message>
        <source>Your decision on another PC of the office did not count: %1</source>
        <translation>Your decision on another PC of the office did not count: %1</translation>
    </message>
    <message>
        <source>Fingerprint of this content: %1. An approval covers exactly the fields, subjects and text above; any later change voids it.</source>
        <translation>Fingerprint of this content: %1. An approval covers exactly the fields, subjects and text above; any later change voids it.</translation>
    </message>
    <message>
        <source>Approved. The content with fingerprint %1 is in the outbox and leaves with the next synchronisation.</source>
        <translation>Approved. The content with fingerprint %1 is in the outbox and leaves with the next synchronisation.</translation>
    </message>
    <message>
        <source>Returned to the officer with your reason.</source>
        <translation>Returned to the officer with your reason.</translation>
    </message>
    <message>
        <source>Nothing was approved or returned; the window shows the request as it is now.</source>
        <translation>Nothing was approved or returned; the window shows the request as it is now.</translation>
    </message>
    <message>
        <source>Re&amp;turn to the officer</source>
        <translation>Re&amp;turn to the officer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>You drafted this request: another supervisor must review it.</source>
        <translation>You drafted this request: another supervisor must review it.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>same spelling</source>
        <translation>same spelling</translation>
    </message>
    <message>
        <source>transliteration</source>
        <translation>transliteration</translation>
    </message>
    <message>
        <source>sounds the same</source>
        <translation>sounds the same</translation>
    </message>
    <message>
        <source>same consonants</source>
        <translation>same consonants</translation>
    </message>
    <message>
        <source>same stem</source>
        <translation>same stem</translation>
    </message>
    <message>
        <source>similar letters</source>
        <translation>similar letters</translation>
    </message>
    <message>
        <source>beginning</source>
        <translation>beginning</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>initial</translation>
    </message>
    <message>
        <source>short form of the name</source>
        <translation>short form of the name</translation>
    </message>
    <message>
        <source>two letters swapped</source>
        <translation>two letters swapped</translation>
    </message>
    <message>
        <source>a name part does not match</source>
        <translation>a name part does not match</translation>
    </message>
    <message>
        <source>the name differs and no date of birth or document confirms it</source>
        <translation>the name differs and no date of birth or document confirms it</translation>
    </message>
    <message>
        <source>no patronymic on record</source>
        <translation>no patronymic on record</translation>
    </message>
    <message>
        <source>patronymic differs</source>
        <translation>patronymic differs</translation>
    </message>
    <message>
        <source>name ending suggests the other sex</source>
        <translation>name ending suggests the other sex</translation>
    </message>
    <message>
        <source>only one name part</source>
        <translation>only one name part</translation>
    </message>
    <message>
        <source>date of birth equal</source>
        <translation>date of birth equal</translation>
    </message>
    <message>
        <source>date of birth compatible</source>
        <translation>date of birth compatible</translation>
    </message>
    <message>
        <source>date of birth unknown</source>
        <translation>date of birth unknown</translation>
    </message>
    <message>
        <source>year of birth differs</source>
        <translation>year of birth differs</translation>
    </message>
    <message>
        <source>day or month of birth differs</source>
        <translation>day or month of birth differs</translation>
    </message>
    <message>
        <source>day and month swapped</source>
        <translation>day and month swapped</translation>
    </message>
    <message>
        <source>sex agrees</source>
        <translation>sex agrees</translation>
    </message>
    <message>
        <source>sex differs</source>
        <translation>sex differs</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>sex unknown</translation>
    </message>
    <message>
        <source>nationality agrees</source>
        <translation>nationality agrees</translation>
    </message>
    <message>
        <source>nationality differs</source>
        <translation>nationality differs</translation>
    </message>
    <message>
        <source>document number equal</source>
        <translation>document number equal</translation>
    </message>
    <message>
        <source>document number differs</source>
        <translation>document number differs</translation>
    </message>
    <message>
        <source>VIN equal</source>
        <translation>VIN equal</translation>
    </message>
    <message>
        <source>plate equal</source>
        <translation>plate equal</translation>
    </message>
    <message>
        <source>plate similar</source>
        <translation>plate similar</translation>
    </message>
    <message>
        <source>reference equal</source>
        <translation>reference equal</translation>
    </message>
    <message>
        <source>text matches</source>
        <translation>text matches</translation>
    </message>
    <message>
        <source>Search people, vehicles and documents</source>
        <translation>Search people, vehicles and documents</translation>
    </message>
    <message>
        <source>Name (any script), date of birth, plate, VIN or document number</source>
        <translation>Name (any script), date of birth, plate, VIN or document number</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Show &amp;bulletin</source>
        <translation>Show &amp;bulletin</translation>
    </message>
    <message>
        <source>Record hi&amp;t…</source>
        <translation>Record hi&amp;t…</translation>
    </message>
    <message>
        <source>&amp;Use in request</source>
        <translation>&amp;Use in request</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Nothing to search yet: this PC has not received any bulletins. They arrive with the first synchronisation with the regional server.</source>
        <translation>Nothing to search yet: this PC has not received any bulletins. They arrive with the first synchronisation with the regional server.</translation>
    </message>
    <message>
        <source>No matches for “%1”.</source>
        <translation>No matches for “%1”.</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message>
        <source>More matches exist than are shown: add a date of birth, a second name or a document number to narrow the search.</source>
        <translation>More matches exist than are shown: add a date of birth, a second name or a document number to narrow the search.</translation>
    </message>
    <message>
        <source>The name index is being rebuilt after an upgrade (%1 % done): until it finishes, some persons may not be found. Search again later to be sure.</source>
        <translation>The name index is being rebuilt after an upgrade (%1 % done): until it finishes, some persons may not be found. Search again later to be sure.</translation>
    </message>
    <message>
        <source>the date of birth typed does not exist (for example 31.02) and was not used; check it and search again</source>
        <translation>the date of birth typed does not exist (for example 31.02) and was not used; check it and search again</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Lock after inactivity (minutes)</source>
        <translation>Lock after inactivity (minutes)</translation>
    </message>
    <message numerus="yes">
        <source>The site allows at most %n minute(s).</source>
        <translation>
            <numerusform>The site allows at most %n minute.</numerusform>
            <numerusform>The site allows at most %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lock after &amp;inactivity:</source>
        <translation>Lock after &amp;inactivity:</translation>
    </message>
    <message>
        <source>Download full-size photos only on request</source>
        <translation>Download full-size photos only on request</translation>
    </message>
    <message>
        <source>&amp;Metered link:</source>
        <translation>&amp;Metered link:</translation>
    </message>
    <message>
        <source>A new language applies at once: the main window reopens, drafts are kept.</source>
        <translation>A new language applies at once: the main window reopens, drafts are kept.</translation>
    </message>
</context>
<context>
    <name>SubjectPicker</name>
    <message>
        <source>Add a case as subject</source>
        <translation>Add a case as subject</translation>
    </message>
    <message>
        <source>Case number or title</source>
        <translation>Case number or title</translation>
    </message>
    <message>
        <source>Find case</source>
        <translation>Find case</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Downloading the photo from the regional server…</source>
        <extracomment>How long closing the window waits for a cancelled cycle to stop. Sync pools whose cycle was still blocked on the network when their window closed. They are kept here (a QThreadPool deleted with a running thread would block until it ends) and the process leaves without waiting for them (:func:`ui.main.run_gui`). The cycle only waits for news (the server holds ``/news``): nothing is transferred, the PC is shown as up to date, and &quot;Sync now&quot; or a new outbox item restarts it. Downloads of full-size photos in flight (Stop and closing cancel them too). A listening cycle was stopped to start a new one at once (Sync now, a new item).</extracomment>
        <translation>Downloading the photo from the regional server…</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Synchronisation with the regional server</source>
        <translation>Synchronisation with the regional server</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Last confirmed sync (server time):</source>
        <translation>Last confirmed sync (server time):</translation>
    </message>
    <message>
        <source>Waiting to be sent:</source>
        <translation>Waiting to be sent:</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>Next attempt:</translation>
    </message>
    <message>
        <source>Last problem:</source>
        <translation>Last problem:</translation>
    </message>
    <message>
        <source>Show &amp;rows</source>
        <translation>Show &amp;rows</translation>
    </message>
    <message>
        <source>Show the rows that could not be applied</source>
        <translation>Show the rows that could not be applied</translation>
    </message>
    <message>
        <source>Rows not applied:</source>
        <translation>Rows not applied:</translation>
    </message>
    <message>
        <source>Rows from the server that could not be applied</source>
        <translation>Rows from the server that could not be applied</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Transfer progress</source>
        <translation>Transfer progress</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>&amp;Metered link (download full-size photos only on request)</source>
        <translation>&amp;Metered link (download full-size photos only on request)</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <source>Items refused by the server</source>
        <translation>Items refused by the server</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Server&apos;s message</source>
        <translation>Server&apos;s message</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Withdraw from the outbox</source>
        <translation>Withdraw from the outbox</translation>
    </message>
    <message>
        <source>Copy reason</source>
        <translation>Copy reason</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) from the server could not be applied</source>
        <translation>
            <numerusform>%Ln row from the server could not be applied</numerusform>
            <numerusform>%Ln rows from the server could not be applied</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Hide &amp;rows</source>
        <translation>Hide &amp;rows</translation>
    </message>
    <message>
        <source>No transfer in progress.</source>
        <translation>No transfer in progress.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Sync unavailable — working offline</source>
        <translation>Sync unavailable — working offline</translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Synchronising…</translation>
    </message>
    <message>
        <source>Reading the sync status…</source>
        <translation>Reading the sync status…</translation>
    </message>
    <message>
        <source>Not registered with a server</source>
        <translation>Not registered with a server</translation>
    </message>
    <message>
        <source>Sync stopped — contact IT staff</source>
        <translation>Sync stopped — contact IT staff</translation>
    </message>
    <message>
        <source>Log in online to resume sync</source>
        <translation>Log in online to resume sync</translation>
    </message>
    <message>
        <source>Offline — next attempt at %1</source>
        <translation>Offline — next attempt at %1</translation>
    </message>
    <message>
        <source>Offline — will retry</source>
        <translation>Offline — will retry</translation>
    </message>
    <message>
        <source>Online — items waiting to be sent</source>
        <translation>Online — items waiting to be sent</translation>
    </message>
    <message>
        <source>Up to date · listening for news</source>
        <translation>Up to date · listening for news</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Never synchronised</source>
        <translation>Never synchronised</translation>
    </message>
    <message>
        <source>Last confirmed sync: %1</source>
        <translation>Last confirmed sync: %1</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>Return to the officer</source>
        <translation>Return to the officer</translation>
    </message>
    <message>
        <source>Withdrawal</source>
        <translation>Withdrawal</translation>
    </message>
    <message>
        <source>Hit</source>
        <translation>Hit</translation>
    </message>
    <message>
        <source>Case note</source>
        <translation>Case note</translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation>Audit records</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Sending requests</source>
        <translation>Sending requests</translation>
    </message>
    <message>
        <source>Sending attachments</source>
        <translation>Sending attachments</translation>
    </message>
    <message>
        <source>Receiving bulletins</source>
        <translation>Receiving bulletins</translation>
    </message>
    <message>
        <source>Receiving photos</source>
        <translation>Receiving photos</translation>
    </message>
    <message>
        <source>Receiving full-size photos</source>
        <translation>Receiving full-size photos</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>Request status</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Unknown kind</source>
        <translation>Unknown kind</translation>
    </message>
    <message>
        <source>The server gave it an impossible change number.</source>
        <translation>The server gave it an impossible change number.</translation>
    </message>
    <message>
        <source>The server gave it an impossible date and time.</source>
        <translation>The server gave it an impossible date and time.</translation>
    </message>
    <message>
        <source>Its identifier is not valid.</source>
        <translation>Its identifier is not valid.</translation>
    </message>
    <message>
        <source>Its kind is unknown to this version.</source>
        <translation>Its kind is unknown to this version.</translation>
    </message>
    <message>
        <source>It holds text that cannot be stored (damaged characters).</source>
        <translation>It holds text that cannot be stored (damaged characters).</translation>
    </message>
    <message>
        <source>It is too large to be received over the link.</source>
        <translation>It is too large to be received over the link.</translation>
    </message>
    <message>
        <source>Its content is incomplete or malformed.</source>
        <translation>Its content is incomplete or malformed.</translation>
    </message>
    <message>
        <source>It holds values this PC cannot store (e.g. a number out of range).</source>
        <translation>It holds values this PC cannot store (e.g. a number out of range).</translation>
    </message>
    <message>
        <source>It could not be used.</source>
        <translation>It could not be used.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nothing</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s), %1</source>
        <translation>
            <numerusform>%Ln item, %1</numerusform>
            <numerusform>%Ln items, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>about %1 left</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync progress</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <source>Sync details</source>
        <translation>Sync details</translation>
    </message>
    <message>
        <source>Outbox empty</source>
        <translation>Outbox empty</translation>
    </message>
    <message>
        <source>To send: %1</source>
        <translation>To send: %1</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>refused: %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>carried on USB: %1</source>
        <translation>carried on USB: %1</translation>
    </message>
</context>
<context>
    <name>UsbExchange</name>
    <message>
        <source>estimating the time left…</source>
        <translation>estimating the time left…</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>about %1 min left</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>about %1 s left</translation>
    </message>
    <message>
        <source>USB exchange</source>
        <translation>USB exchange</translation>
    </message>
    <message>
        <source>Export for USB: choose the stick</source>
        <translation>Export for USB: choose the stick</translation>
    </message>
    <message>
        <source>Writing the bundle: %1</source>
        <translation>Writing the bundle: %1</translation>
    </message>
    <message>
        <source>%1 items were written to %2. They are now shown as carried on USB until the regional server&apos;s return bundle is imported.</source>
        <translation>%1 items were written to %2. They are now shown as carried on USB until the regional server&apos;s return bundle is imported.</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Writing the bundle…</translation>
    </message>
    <message>
        <source>District Desk files (*.ddsnap *.ddret *.ddout);;All files (*)</source>
        <translation>District Desk files (*.ddsnap *.ddret *.ddout);;All files (*)</translation>
    </message>
    <message>
        <source>Snapshot passphrase</source>
        <translation>Snapshot passphrase</translation>
    </message>
    <message>
        <source>Passphrase of the snapshot (from IT staff):</source>
        <translation>Passphrase of the snapshot (from IT staff):</translation>
    </message>
    <message>
        <source>Import a snapshot from USB</source>
        <translation>Import a snapshot from USB</translation>
    </message>
    <message>
        <source>Import from USB</source>
        <translation>Import from USB</translation>
    </message>
    <message>
        <source>Checking the snapshot</source>
        <translation>Checking the snapshot</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Importing</translation>
    </message>
    <message>
        <source>This snapshot was imported before; nothing to do.</source>
        <translation>This snapshot was imported before; nothing to do.</translation>
    </message>
    <message>
        <source>The import was stopped; choose the same file again to resume it.</source>
        <translation>The import was stopped; choose the same file again to resume it.</translation>
    </message>
    <message>
        <source>Snapshot imported: %1 records. Sync now continues from it.</source>
        <translation>Snapshot imported: %1 records. Sync now continues from it.</translation>
    </message>
    <message>
        <source>Importing the snapshot…</source>
        <translation>Importing the snapshot…</translation>
    </message>
    <message>
        <source>Importing the return bundle: %1</source>
        <translation>Importing the return bundle: %1</translation>
    </message>
    <message>
        <source>This return bundle was imported before; nothing to do.</source>
        <translation>This return bundle was imported before; nothing to do.</translation>
    </message>
    <message>
        <source>Return bundle imported: %1 items confirmed by the server, %2 new records.</source>
        <translation>Return bundle imported: %1 items confirmed by the server, %2 new records.</translation>
    </message>
    <message>
        <source>Importing the return bundle…</source>
        <translation>Importing the return bundle…</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Red notice (wanted)</source>
        <translation>Red notice (wanted)</translation>
    </message>
    <message>
        <source>Yellow notice (missing)</source>
        <translation>Yellow notice (missing)</translation>
    </message>
    <message>
        <source>Blue notice (locate)</source>
        <translation>Blue notice (locate)</translation>
    </message>
    <message>
        <source>Black notice (unidentified body)</source>
        <translation>Black notice (unidentified body)</translation>
    </message>
    <message>
        <source>Green notice (warning)</source>
        <translation>Green notice (warning)</translation>
    </message>
    <message>
        <source>Orange notice (threat)</source>
        <translation>Orange notice (threat)</translation>
    </message>
    <message>
        <source>Purple notice (modus operandi)</source>
        <translation>Purple notice (modus operandi)</translation>
    </message>
    <message>
        <source>UN special notice</source>
        <translation>UN special notice</translation>
    </message>
    <message>
        <source>Stolen vehicle</source>
        <translation>Stolen vehicle</translation>
    </message>
    <message>
        <source>Stolen document</source>
        <translation>Stolen document</translation>
    </message>
    <message>
        <source>National alert</source>
        <translation>National alert</translation>
    </message>
    <message>
        <source>Regional alert</source>
        <translation>Regional alert</translation>
    </message>
    <message>
        <source>Request for information</source>
        <translation>Request for information</translation>
    </message>
    <message>
        <source>Locate a person</source>
        <translation>Locate a person</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Document check</translation>
    </message>
    <message>
        <source>Vehicle check</source>
        <translation>Vehicle check</translation>
    </message>
    <message>
        <source>Hit notification</source>
        <translation>Hit notification</translation>
    </message>
    <message>
        <source>Arrest request</source>
        <translation>Arrest request</translation>
    </message>
    <message>
        <source>Reply to a foreign request</source>
        <translation>Reply to a foreign request</translation>
    </message>
    <message>
        <source>Routine</source>
        <translation>Routine</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Immediate</source>
        <translation>Immediate</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>Returned for changes</source>
        <translation>Returned for changes</translation>
    </message>
    <message>
        <source>Approved (held)</source>
        <translation>Approved (held)</translation>
    </message>
    <message>
        <source>In outbox, not yet sent</source>
        <translation>In outbox, not yet sent</translation>
    </message>
    <message>
        <source>Received by the server</source>
        <translation>Received by the server</translation>
    </message>
    <message>
        <source>Acknowledged by recipient</source>
        <translation>Acknowledged by recipient</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Rejected by the server</source>
        <translation>Rejected by the server</translation>
    </message>
    <message>
        <source>Unrestricted</source>
        <translation>Unrestricted</translation>
    </message>
    <message>
        <source>Law enforcement only</source>
        <translation>Law enforcement only</translation>
    </message>
    <message>
        <source>Restricted: named recipients only</source>
        <translation>Restricted: named recipients only</translation>
    </message>
    <message>
        <source>Not to be passed on without the source&apos;s consent</source>
        <translation>Not to be passed on without the source&apos;s consent</translation>
    </message>
    <message>
        <source>UNRESTRICTED</source>
        <translation>UNRESTRICTED</translation>
    </message>
    <message>
        <source>LAW ENFORCEMENT USE ONLY</source>
        <translation>LAW ENFORCEMENT USE ONLY</translation>
    </message>
    <message>
        <source>RESTRICTED — NAMED RECIPIENTS ONLY</source>
        <translation>RESTRICTED — NAMED RECIPIENTS ONLY</translation>
    </message>
    <message>
        <source>NO FURTHER DISSEMINATION WITHOUT THE SOURCE&apos;S CONSENT</source>
        <translation>NO FURTHER DISSEMINATION WITHOUT THE SOURCE&apos;S CONSENT</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>suspended</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>subject</translation>
    </message>
    <message>
        <source>suspect</source>
        <translation>suspect</translation>
    </message>
    <message>
        <source>victim</source>
        <translation>victim</translation>
    </message>
    <message>
        <source>witness</source>
        <translation>witness</translation>
    </message>
    <message>
        <source>missing person</source>
        <translation>missing person</translation>
    </message>
    <message>
        <source>wanted person</source>
        <translation>wanted person</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>passport</source>
        <translation>passport</translation>
    </message>
    <message>
        <source>identity card</source>
        <translation>identity card</translation>
    </message>
    <message>
        <source>driving licence</source>
        <translation>driving licence</translation>
    </message>
    <message>
        <source>vehicle registration certificate</source>
        <translation>vehicle registration certificate</translation>
    </message>
    <message>
        <source>document</source>
        <translation>document</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>This PC only</source>
        <translation>This PC only</translation>
    </message>
    <message>
        <source>Another supervisor returned the request first.</source>
        <translation>Another supervisor returned the request first.</translation>
    </message>
    <message>
        <source>The request was withdrawn first.</source>
        <translation>The request was withdrawn first.</translation>
    </message>
    <message>
        <source>Another supervisor approved the request first.</source>
        <translation>Another supervisor approved the request first.</translation>
    </message>
    <message>
        <source>Another supervisor released the request first.</source>
        <translation>Another supervisor released the request first.</translation>
    </message>
    <message>
        <source>The regional server had already received the request.</source>
        <translation>The regional server had already received the request.</translation>
    </message>
    <message>
        <source>The draft was changed on another PC first; your version is kept.</source>
        <translation>The draft was changed on another PC first; your version is kept.</translation>
    </message>
    <message>
        <source>The request was submitted from another PC first.</source>
        <translation>The request was submitted from another PC first.</translation>
    </message>
    <message>
        <source>The regional server had already refused the request.</source>
        <translation>The regional server had already refused the request.</translation>
    </message>
    <message>
        <source>An earlier action on another PC took precedence.</source>
        <translation>An earlier action on another PC took precedence.</translation>
    </message>
    <message>
        <source>The action was not allowed when it reached the office.</source>
        <translation>The action was not allowed when it reached the office.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>District Desk cannot start</source>
        <translation>District Desk cannot start</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Your saved work is safe. Please give this file to IT staff: %1</source>
        <translation>An unexpected error occurred. Your saved work is safe. Please give this file to IT staff: %1</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Recipients</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Handling code</source>
        <translation>Handling code</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>This is too long.</translation>
    </message>
    <message>
        <source>No more than %1 are allowed.</source>
        <translation>No more than %1 are allowed.</translation>
    </message>
    <message>
        <source>The date is in the past.</source>
        <translation>The date is in the past.</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>This value is not valid.</translation>
    </message>
    <message>
        <source>A subject is incomplete; remove it and add it again.</source>
        <translation>A subject is incomplete; remove it and add it again.</translation>
    </message>
    <message>
        <source>This name is already in use.</source>
        <translation>This name is already in use.</translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s) are required.</source>
        <translation>
            <numerusform>At least %n character is required.</numerusform>
            <numerusform>At least %n characters are required.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This is too long (at most %n character(s)).</source>
        <translation>
            <numerusform>This is too long (at most %n character).</numerusform>
            <numerusform>This is too long (at most %n characters).</numerusform>
        </translation>
    </message>
    <message>
        <source>The local database cannot be used. Contact IT staff.</source>
        <translation>The local database cannot be used. Contact IT staff.</translation>
    </message>
    <message>
        <source>The local database is damaged. Contact IT staff; do not delete the data folder.</source>
        <translation>The local database is damaged. Contact IT staff; do not delete the data folder.</translation>
    </message>
    <message>
        <source>The local database cannot be decrypted with the key held on this PC. Contact IT staff.</source>
        <translation>The local database cannot be decrypted with the key held on this PC. Contact IT staff.</translation>
    </message>
    <message>
        <source>The local database was written by a newer version of District Desk. Install the newer version.</source>
        <translation>The local database was written by a newer version of District Desk. Install the newer version.</translation>
    </message>
    <message>
        <source>The data folder cannot be written to. Contact IT staff.</source>
        <translation>The data folder cannot be written to. Contact IT staff.</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>The disk is full. Nothing was saved; free some space and try again.</translation>
    </message>
    <message>
        <source>A stored file is damaged and cannot be opened.</source>
        <translation>A stored file is damaged and cannot be opened.</translation>
    </message>
    <message>
        <source>The Windows credential store cannot be used. Contact IT staff.</source>
        <translation>The Windows credential store cannot be used. Contact IT staff.</translation>
    </message>
    <message>
        <source>No secure credential store is available on this PC. Contact IT staff.</source>
        <translation>No secure credential store is available on this PC. Contact IT staff.</translation>
    </message>
    <message>
        <source>The key of the local database is missing from the credential store. Contact IT staff.</source>
        <translation>The key of the local database is missing from the credential store. Contact IT staff.</translation>
    </message>
    <message>
        <source>The integrity check found damage in the local database (%1). IT staff: do not delete the data folder; copy it first, then restore the last backup or enrol this PC again.</source>
        <translation>The integrity check found damage in the local database (%1). IT staff: do not delete the data folder; copy it first, then restore the last backup or enrol this PC again.</translation>
    </message>
    <message>
        <source>The local database is older than what the regional server already received: recent work was lost (an older copy restored, or a disk or power failure). Synchronisation is stopped. IT staff: do not delete the data folder; contact the regional operator.</source>
        <translation>The local database is older than what the regional server already received: recent work was lost (an older copy restored, or a disk or power failure). Synchronisation is stopped. IT staff: do not delete the data folder; contact the regional operator.</translation>
    </message>
    <message>
        <source>The site configuration %1 is not saved as UTF-8 text (line %2). IT staff: open it in a text editor and save it again as UTF-8.</source>
        <translation>The site configuration %1 is not saved as UTF-8 text (line %2). IT staff: open it in a text editor and save it again as UTF-8.</translation>
    </message>
    <message>
        <source>The site configuration is wrong (%1, line %2). Contact IT staff.</source>
        <translation>The site configuration is wrong (%1, line %2). Contact IT staff.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>This user has not logged in on this PC yet. The first login on a PC goes through the regional server: ask IT staff to connect this PC to it.</source>
        <translation>This user has not logged in on this PC yet. The first login on a PC goes through the regional server: ask IT staff to connect this PC to it.</translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. A supervisor or IT staff must unlock it.</source>
        <translation>This account is locked after too many wrong passwords. A supervisor or IT staff must unlock it.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>You are not allowed to do this.</translation>
    </message>
    <message>
        <source>Your signing key on this PC is damaged. Contact IT staff.</source>
        <translation>Your signing key on this PC is damaged. Contact IT staff.</translation>
    </message>
    <message>
        <source>The record no longer exists. It may have been removed by the server.</source>
        <translation>The record no longer exists. It may have been removed by the server.</translation>
    </message>
    <message>
        <source>This action is not allowed.</source>
        <translation>This action is not allowed.</translation>
    </message>
    <message>
        <source>This action is not possible while the request is “%1”.</source>
        <translation>This action is not possible while the request is “%1”.</translation>
    </message>
    <message>
        <source>You drafted this request, so you cannot approve or return it. Another supervisor must review it.</source>
        <translation>You drafted this request, so you cannot approve or return it. Another supervisor must review it.</translation>
    </message>
    <message>
        <source>Only a supervisor can do this.</source>
        <translation>Only a supervisor can do this.</translation>
    </message>
    <message>
        <source>Only a supervisor of the request&apos;s own office can do this.</source>
        <translation>Only a supervisor of the request&apos;s own office can do this.</translation>
    </message>
    <message>
        <source>Only the officer who drafted the request can do this.</source>
        <translation>Only the officer who drafted the request can do this.</translation>
    </message>
    <message>
        <source>Please give a reason.</source>
        <translation>Please give a reason.</translation>
    </message>
    <message>
        <source>This request has been queued or sent and can no longer be changed. Make a copy to change it.</source>
        <translation>This request has been queued or sent and can no longer be changed. Make a copy to change it.</translation>
    </message>
    <message>
        <source>The request changed after you opened it. Review it again before approving.</source>
        <translation>The request changed after you opened it. Review it again before approving.</translation>
    </message>
    <message>
        <source>The request is already being sent and can no longer be withdrawn.</source>
        <translation>The request is already being sent and can no longer be withdrawn.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Synchronisation is not available in this version.</source>
        <translation>Synchronisation is not available in this version.</translation>
    </message>
    <message>
        <source>The regional server cannot be reached. Your work is kept and will be sent when the link is back.</source>
        <translation>The regional server cannot be reached. Your work is kept and will be sent when the link is back.</translation>
    </message>
    <message>
        <source>This PC is not registered with a regional server. Contact IT staff.</source>
        <translation>This PC is not registered with a regional server. Contact IT staff.</translation>
    </message>
    <message>
        <source>Please log in again to synchronise.</source>
        <translation>Please log in again to synchronise.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) from the regional server could not be stored and were skipped; everything else was updated. IT staff can see them in the sync status.</source>
        <translation>
            <numerusform>%n item from the regional server could not be stored and was skipped; everything else was updated. IT staff can see it in the sync status.</numerusform>
            <numerusform>%n items from the regional server could not be stored and were skipped; everything else was updated. IT staff can see them in the sync status.</numerusform>
        </translation>
    </message>
    <message>
        <source>A synchronisation is already running.</source>
        <translation>A synchronisation is already running.</translation>
    </message>
    <message>
        <source>The synchronisation was stopped; it will continue later.</source>
        <translation>The synchronisation was stopped; it will continue later.</translation>
    </message>
    <message>
        <source>The synchronisation failed; it will be tried again.</source>
        <translation>The synchronisation failed; it will be tried again.</translation>
    </message>
    <message>
        <source>Synchronisation has stopped and needs IT staff (wrong server, version or a disconnected PC).</source>
        <translation>Synchronisation has stopped and needs IT staff (wrong server, version or a disconnected PC).</translation>
    </message>
    <message>
        <source>An internal error stopped the synchronisation. Details are in the log file; please tell IT staff.</source>
        <translation>An internal error stopped the synchronisation. Details are in the log file; please tell IT staff.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate could not be verified. IT staff: check the server&apos;s certificate and the CA bundle named in site.toml.</source>
        <translation>The regional server&apos;s certificate could not be verified. IT staff: check the server&apos;s certificate and the CA bundle named in site.toml.</translation>
    </message>
    <message>
        <source>The regional server presented a self-signed certificate that this PC does not trust. IT staff: install a certificate issued by the site&apos;s CA on the server, or put the server&apos;s CA in the CA bundle named in site.toml.</source>
        <translation>The regional server presented a self-signed certificate that this PC does not trust. IT staff: install a certificate issued by the site&apos;s CA on the server, or put the server&apos;s CA in the CA bundle named in site.toml.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate was issued for another host name than the server address in site.toml. IT staff: use the name the certificate was issued for, or issue a certificate for this name.</source>
        <translation>The regional server&apos;s certificate was issued for another host name than the server address in site.toml. IT staff: use the name the certificate was issued for, or issue a certificate for this name.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate has expired or is not valid yet. IT staff: renew the certificate on the server, and check the date and time of this PC.</source>
        <translation>The regional server&apos;s certificate has expired or is not valid yet. IT staff: renew the certificate on the server, and check the date and time of this PC.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate was issued by an authority that is not in the site&apos;s CA bundle. IT staff: check the ca_bundle setting in site.toml.</source>
        <translation>The regional server&apos;s certificate was issued by an authority that is not in the site&apos;s CA bundle. IT staff: check the ca_bundle setting in site.toml.</translation>
    </message>
    <message>
        <source>The regional server sent an answer that could not be used (damaged, too large or inconsistent). Nothing was changed; it will be tried again. If this keeps happening, tell IT staff.</source>
        <translation>The regional server sent an answer that could not be used (damaged, too large or inconsistent). Nothing was changed; it will be tried again. If this keeps happening, tell IT staff.</translation>
    </message>
    <message>
        <source>District Desk must copy the local database before upgrading it, and the disk does not have room for the copy: %1 MB are needed, %2 MB are free. Nothing was changed. Free some space, then start District Desk again.</source>
        <translation>District Desk must copy the local database before upgrading it, and the disk does not have room for the copy: %1 MB are needed, %2 MB are free. Nothing was changed. Free some space, then start District Desk again.</translation>
    </message>
    <message>
        <source>The regional server, or a proxy in front of it, sent the request elsewhere. Nothing was sent there; it will be tried again. If this keeps happening, tell IT staff.</source>
        <translation>The regional server, or a proxy in front of it, sent the request elsewhere. Nothing was sent there; it will be tried again. If this keeps happening, tell IT staff.</translation>
    </message>
    <message>
        <source>Data from the regional server did not carry the publisher&apos;s valid signature (altered on the way, or not issued by the publisher). None of it was applied; it will be tried again. Tell IT staff: this can be a sign of tampering.</source>
        <translation>Data from the regional server did not carry the publisher&apos;s valid signature (altered on the way, or not issued by the publisher). None of it was applied; it will be tried again. Tell IT staff: this can be a sign of tampering.</translation>
    </message>
    <message>
        <source>The regional server had an internal fault. Your work is kept; it will be tried again.</source>
        <translation>The regional server had an internal fault. Your work is kept; it will be tried again.</translation>
    </message>
    <message>
        <source>Its change number is out of range.</source>
        <translation>Its change number is out of range.</translation>
    </message>
    <message>
        <source>Its date is out of range.</source>
        <translation>Its date is out of range.</translation>
    </message>
    <message>
        <source>Its identifier is invalid.</source>
        <translation>Its identifier is invalid.</translation>
    </message>
    <message>
        <source>It is of a kind this version does not know.</source>
        <translation>It is of a kind this version does not know.</translation>
    </message>
    <message>
        <source>It contains text that cannot be stored.</source>
        <translation>It contains text that cannot be stored.</translation>
    </message>
    <message>
        <source>It is too large to be sent over the link.</source>
        <translation>It is too large to be sent over the link.</translation>
    </message>
    <message>
        <source>Its content is invalid (a missing field or a value out of range).</source>
        <translation>Its content is invalid (a missing field or a value out of range).</translation>
    </message>
    <message>
        <source>The local database refused its content.</source>
        <translation>The local database refused its content.</translation>
    </message>
    <message>
        <source>Something on the network answered instead of the regional server (a captive portal or a proxy&apos;s login page?). Nothing was sent or changed; it will be tried again.</source>
        <translation>Something on the network answered instead of the regional server (a captive portal or a proxy&apos;s login page?). Nothing was sent or changed; it will be tried again.</translation>
    </message>
    <message>
        <source>The regional server refused the request.</source>
        <translation>The regional server refused the request.</translation>
    </message>
    <message>
        <source>The regional server is busy; it will be tried again.</source>
        <translation>The regional server is busy; it will be tried again.</translation>
    </message>
    <message>
        <source>The link is too slow or was cut; the transfer will resume where it stopped.</source>
        <translation>The link is too slow or was cut; the transfer will resume where it stopped.</translation>
    </message>
    <message>
        <source>The enrolment code is wrong, already used or expired. Ask the server&apos;s operator for a new code.</source>
        <translation>The enrolment code is wrong, already used or expired. Ask the server&apos;s operator for a new code.</translation>
    </message>
    <message>
        <source>Enter the one-time enrolment code.</source>
        <translation>Enter the one-time enrolment code.</translation>
    </message>
    <message>
        <source>The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD.</source>
        <translation>The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD.</translation>
    </message>
    <message>
        <source>Enter the address of the regional server.</source>
        <translation>Enter the address of the regional server.</translation>
    </message>
    <message>
        <source>The address must start with https://, e.g. https://sync.region.example.</source>
        <translation>The address must start with https://, e.g. https://sync.region.example.</translation>
    </message>
    <message>
        <source>Plain http:// is only allowed on this PC itself; use https://.</source>
        <translation>Plain http:// is only allowed on this PC itself; use https://.</translation>
    </message>
    <message>
        <source>This file does not exist.</source>
        <translation>This file does not exist.</translation>
    </message>
    <message>
        <source>The regional server cannot be reached at this address. Check the address and the link, then try again.</source>
        <translation>The regional server cannot be reached at this address. Check the address and the link, then try again.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified. Check the CA bundle file with IT staff.</source>
        <translation>The server&apos;s certificate could not be verified. Check the CA bundle file with IT staff.</translation>
    </message>
    <message>
        <source>The regional server speaks another protocol version. Install the District Desk version that matches the server.</source>
        <translation>The regional server speaks another protocol version. Install the District Desk version that matches the server.</translation>
    </message>
    <message>
        <source>The address did not answer as a District Desk regional server (a proxy or login page?). Check the address.</source>
        <translation>The address did not answer as a District Desk regional server (a proxy or login page?). Check the address.</translation>
    </message>
    <message>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>A weak match can only be recorded after you have checked it yourself.</translation>
    </message>
    <message>
        <source>This record is not part of a bulletin; a hit needs a bulletin.</source>
        <translation>This record is not part of a bulletin; a hit needs a bulletin.</translation>
    </message>
    <message>
        <source>The regional server is busy or unavailable; it will be tried again.</source>
        <translation>The regional server is busy or unavailable; it will be tried again.</translation>
    </message>
    <message>
        <source>The regional server asked to wait; it will be tried again.</source>
        <translation>The regional server asked to wait; it will be tried again.</translation>
    </message>
    <message>
        <source>The server did not accept the user name or password.</source>
        <translation>The server did not accept the user name or password.</translation>
    </message>
    <message>
        <source>The regional server has locked logins for this user or this PC after too many wrong passwords. Wait, or ask the regional operator to unlock it.</source>
        <translation>The regional server has locked logins for this user or this PC after too many wrong passwords. Wait, or ask the regional operator to unlock it.</translation>
    </message>
    <message>
        <source>The regional server needs a newer version of District Desk. Contact IT staff.</source>
        <translation>The regional server needs a newer version of District Desk. Contact IT staff.</translation>
    </message>
    <message>
        <source>This PC is configured for another server. Contact IT staff.</source>
        <translation>This PC is configured for another server. Contact IT staff.</translation>
    </message>
    <message>
        <source>The server does not know this PC. Contact IT staff.</source>
        <translation>The server does not know this PC. Contact IT staff.</translation>
    </message>
    <message>
        <source>This PC has been disconnected by the regional server. Contact IT staff.</source>
        <translation>This PC has been disconnected by the regional server. Contact IT staff.</translation>
    </message>
    <message>
        <source>The enrolment code is wrong or expired.</source>
        <translation>The enrolment code is wrong or expired.</translation>
    </message>
    <message>
        <source>The server holds a different item with the same number.</source>
        <translation>The server holds a different item with the same number.</translation>
    </message>
    <message>
        <source>An attachment has not reached the server yet; it will be tried again.</source>
        <translation>An attachment has not reached the server yet; it will be tried again.</translation>
    </message>
    <message>
        <source>The server could not read this item.</source>
        <translation>The server could not read this item.</translation>
    </message>
    <message>
        <source>The server does not know the user who made this item.</source>
        <translation>The server does not know the user who made this item.</translation>
    </message>
    <message>
        <source>The user belongs to another office.</source>
        <translation>The user belongs to another office.</translation>
    </message>
    <message>
        <source>The server refused: the request was approved by the person who drafted it.</source>
        <translation>The server refused: the request was approved by the person who drafted it.</translation>
    </message>
    <message>
        <source>The server refused: the approver is not a supervisor.</source>
        <translation>The server refused: the approver is not a supervisor.</translation>
    </message>
    <message>
        <source>The server refused: the request differs from what was approved.</source>
        <translation>The server refused: the request differs from what was approved.</translation>
    </message>
    <message>
        <source>The server refused: the approval is missing.</source>
        <translation>The server refused: the approval is missing.</translation>
    </message>
    <message>
        <source>The server refused: the approval is not valid.</source>
        <translation>The server refused: the approval is not valid.</translation>
    </message>
    <message>
        <source>The server does not know this request.</source>
        <translation>The server does not know this request.</translation>
    </message>
    <message>
        <source>The request was withdrawn.</source>
        <translation>The request was withdrawn.</translation>
    </message>
    <message>
        <source>The request is already closed.</source>
        <translation>The request is already closed.</translation>
    </message>
    <message>
        <source>The server refused: the item is not signed.</source>
        <translation>The server refused: the item is not signed.</translation>
    </message>
    <message>
        <source>The server refused: the signature is not valid.</source>
        <translation>The server refused: the signature is not valid.</translation>
    </message>
    <message>
        <source>The server refused: the signature was used before.</source>
        <translation>The server refused: the signature was used before.</translation>
    </message>
    <message>
        <source>The server does not know the signing key of this user. Log in online once to register it.</source>
        <translation>The server does not know the signing key of this user. Log in online once to register it.</translation>
    </message>
    <message>
        <source>The server does not know the bulletin.</source>
        <translation>The server does not know the bulletin.</translation>
    </message>
    <message>
        <source>The server does not know the case.</source>
        <translation>The server does not know the case.</translation>
    </message>
    <message>
        <source>The audit log of this PC failed verification. Contact IT staff.</source>
        <translation>The audit log of this PC failed verification. Contact IT staff.</translation>
    </message>
    <message>
        <source>The item is too large for the server.</source>
        <translation>The item is too large for the server.</translation>
    </message>
    <message>
        <source>%1 is not a District Desk snapshot.</source>
        <translation>%1 is not a District Desk snapshot.</translation>
    </message>
    <message>
        <source>The snapshot was written by a newer regional server. Update District Desk.</source>
        <translation>The snapshot was written by a newer regional server. Update District Desk.</translation>
    </message>
    <message>
        <source>The site configuration has no snapshot key (snapshot_public_key). Contact IT staff.</source>
        <translation>The site configuration has no snapshot key (snapshot_public_key). Contact IT staff.</translation>
    </message>
    <message>
        <source>The snapshot is not signed by this site&apos;s regional server. Nothing was imported.</source>
        <translation>The snapshot is not signed by this site&apos;s regional server. Nothing was imported.</translation>
    </message>
    <message>
        <source>The snapshot is incomplete (a part is missing or cut short). Copy all its parts again. Nothing was imported.</source>
        <translation>The snapshot is incomplete (a part is missing or cut short). Copy all its parts again. Nothing was imported.</translation>
    </message>
    <message>
        <source>The snapshot was altered or damaged. Copy it again. Nothing was imported.</source>
        <translation>The snapshot was altered or damaged. Copy it again. Nothing was imported.</translation>
    </message>
    <message>
        <source>The passphrase does not open this snapshot.</source>
        <translation>The passphrase does not open this snapshot.</translation>
    </message>
    <message>
        <source>The snapshot comes from another regional server. Nothing was imported.</source>
        <translation>The snapshot comes from another regional server. Nothing was imported.</translation>
    </message>
    <message>
        <source>The snapshot holds data of office %1, not of this office. Nothing was imported.</source>
        <translation>The snapshot holds data of office %1, not of this office. Nothing was imported.</translation>
    </message>
    <message>
        <source>This PC already holds newer data than the snapshot. Nothing was imported.</source>
        <translation>This PC already holds newer data than the snapshot. Nothing was imported.</translation>
    </message>
    <message>
        <source>The snapshot file cannot be read.</source>
        <translation>The snapshot file cannot be read.</translation>
    </message>
    <message>
        <source>The operation failed (code %1).</source>
        <translation>The operation failed (code %1).</translation>
    </message>
    <message>
        <source>A file could not be read or written (%1).</source>
        <translation>A file could not be read or written (%1).</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Details were written to the log file; please tell IT staff.</source>
        <translation>An unexpected error occurred. Details were written to the log file; please tell IT staff.</translation>
    </message>
    <message>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <source>%1 is not a District Desk return bundle or snapshot.</source>
        <translation>%1 is not a District Desk return bundle or snapshot.</translation>
    </message>
    <message>
        <source>The bundle was written by a newer version. Update District Desk.</source>
        <translation>The bundle was written by a newer version. Update District Desk.</translation>
    </message>
    <message>
        <source>The bundle is incomplete (a part is missing or cut short). Copy all its parts again. Nothing was imported.</source>
        <translation>The bundle is incomplete (a part is missing or cut short). Copy all its parts again. Nothing was imported.</translation>
    </message>
    <message>
        <source>The bundle was altered or damaged. Copy it again. Nothing was imported.</source>
        <translation>The bundle was altered or damaged. Copy it again. Nothing was imported.</translation>
    </message>
    <message>
        <source>The bundle is not signed by this site&apos;s regional server. Nothing was imported.</source>
        <translation>The bundle is not signed by this site&apos;s regional server. Nothing was imported.</translation>
    </message>
    <message>
        <source>The bundle is addressed to another PC or server. Nothing was imported.</source>
        <translation>The bundle is addressed to another PC or server. Nothing was imported.</translation>
    </message>
    <message>
        <source>The bundle file cannot be read.</source>
        <translation>The bundle file cannot be read.</translation>
    </message>
    <message>
        <source>The bundle comes from another regional server. Nothing was imported.</source>
        <translation>The bundle comes from another regional server. Nothing was imported.</translation>
    </message>
    <message>
        <source>The bundle was made for another PC. Nothing was imported.</source>
        <translation>The bundle was made for another PC. Nothing was imported.</translation>
    </message>
    <message>
        <source>This PC is not enrolled yet. Enrol it first.</source>
        <translation>This PC is not enrolled yet. Enrol it first.</translation>
    </message>
    <message>
        <source>This PC has no USB exchange keys yet. Ask IT staff to enrol it again.</source>
        <translation>This PC has no USB exchange keys yet. Ask IT staff to enrol it again.</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>Nothing is waiting to be sent.</translation>
    </message>
    <message>
        <source>The bundle could not be written (is the USB stick full or read-only?). Nothing was changed.</source>
        <translation>The bundle could not be written (is the USB stick full or read-only?). Nothing was changed.</translation>
    </message>
    <message>
        <source>No items are carried in this bundle.</source>
        <translation>No items are carried in this bundle.</translation>
    </message>
    <message>
        <source>This is an outbox bundle: it is imported on the regional server, not on a PC.</source>
        <translation>This is an outbox bundle: it is imported on the regional server, not on a PC.</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>Page %1 of %2</source>
        <extracomment>Where the record&apos;s photo is found by the printed document.</extracomment>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>Export to PDF</source>
        <translation>Export to PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n page(s) to %1.</source>
        <translation>
            <numerusform>Saved %n page to %1.</numerusform>
            <numerusform>Saved %n pages to %1.</numerusform>
        </translation>
    </message>
</context>
</TS>
