<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About District Desk</source>
        <translation>О программе District Desk</translation>
    </message>
    <message>
        <source>District Desk %1</source>
        <translation>District Desk %1</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Папка данных:</translation>
    </message>
    <message>
        <source>Regional server:</source>
        <translation>Региональный сервер:</translation>
    </message>
    <message>
        <source>Office:</source>
        <translation>Подразделение:</translation>
    </message>
    <message>
        <source>Key storage:</source>
        <translation>Хранилище ключей:</translation>
    </message>
    <message>
        <source>Database size:</source>
        <translation>Размер базы данных:</translation>
    </message>
    <message>
        <source>Last sync (server time):</source>
        <translation>Последняя синхронизация (время сервера):</translation>
    </message>
    <message>
        <source>Last sync problem:</source>
        <translation>Последняя ошибка синхронизации:</translation>
    </message>
    <message>
        <source>Self-test:</source>
        <translation>Самопроверка:</translation>
    </message>
    <message>
        <source>Self-test results</source>
        <translation>Результаты самопроверки</translation>
    </message>
    <message>
        <source>&amp;Save diagnostics report…</source>
        <translation>&amp;Сохранить диагностический отчёт…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Save diagnostics report</source>
        <translation>Сохранить диагностический отчёт</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Файлы JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>BulletinDetail</name>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Issuing country</source>
        <translation>Страна-инициатор</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Дата издания</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>ОТМЕНЕНА</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Краткое содержание</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Фото</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <source>Issuing country:</source>
        <translation>Страна-инициатор:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Дата издания:</translation>
    </message>
    <message>
        <source>Record hi&amp;t</source>
        <translation>Зафиксировать совпа&amp;дение</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>Экспорт в &amp;PDF…</translation>
    </message>
    <message>
        <source>P&amp;rint…</source>
        <translation>&amp;Печать…</translation>
    </message>
    <message>
        <source>Load full photo</source>
        <translation>Загрузить полное фото</translation>
    </message>
    <message>
        <source>Data as of</source>
        <translation>Данные на</translation>
    </message>
    <message>
        <source>Downloads the full-size photo from the regional server (uses the link).</source>
        <translation>Загружает фото в полном размере с регионального сервера (расходует канал связи).</translation>
    </message>
    <message>
        <source>Data as of:</source>
        <translation>Данные на:</translation>
    </message>
    <message>
        <source>&amp;Use in request</source>
        <translation>&amp;Включить в запрос</translation>
    </message>
    <message>
        <source>Select a bulletin in the list.</source>
        <translation>Выберите ориентировку в списке.</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Нет фото</translation>
    </message>
    <message>
        <source>CANCELLED on %1 — no longer valid. Do not act on this bulletin.</source>
        <translation>ОТМЕНЕНА %1 — более не действительна. Не принимайте мер по этой ориентировке.</translation>
    </message>
    <message>
        <source>URGENT</source>
        <translation>СРОЧНО</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <source>Photo not yet downloaded</source>
        <translation>Фото ещё не загружено</translation>
    </message>
    <message>
        <source>Show full photo</source>
        <translation>Показать полное фото</translation>
    </message>
</context>
<context>
    <name>BulletinsPage</name>
    <message>
        <source>Bulletin kind</source>
        <translation>Вид ориентировки</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Все виды</translation>
    </message>
    <message>
        <source>Country: KZ, KAZ or name</source>
        <translation>Страна: KZ, KAZ или название</translation>
    </message>
    <message>
        <source>Issuing country</source>
        <translation>Страна-инициатор</translation>
    </message>
    <message>
        <source>A two- or three-letter ISO code (KZ, KAZ) or the country&apos;s name.</source>
        <translation>Двух- или трёхбуквенный код ISO (KZ, KAZ) или название страны.</translation>
    </message>
    <message>
        <source>Issued from</source>
        <translation>Изданы с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>Изданы по</translation>
    </message>
    <message>
        <source>Hide cancelled</source>
        <translation>Скрыть отменённые</translation>
    </message>
    <message>
        <source>Urgent only</source>
        <translation>Только срочные</translation>
    </message>
    <message>
        <source>&amp;Clear the filter</source>
        <translation>&amp;Сбросить отбор</translation>
    </message>
    <message>
        <source>Bulletins</source>
        <translation>Ориентировки</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Дата издания</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>ОТМЕНЕНА</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Срочно</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Действует</translation>
    </message>
    <message>
        <source>Unknown country “%1”: type a code (KZ or KAZ) or a name.</source>
        <translation>Неизвестная страна «%1»: введите код (KZ или KAZ) или название.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln bulletin(s)</source>
        <translation>
            <numerusform>%Ln ориентировка</numerusform>
            <numerusform>%Ln ориентировки</numerusform>
            <numerusform>%Ln ориентировок</numerusform>
        </translation>
    </message>
    <message>
        <source>No bulletins match the filter. The other bulletins are hidden by it.</source>
        <translation>Нет ориентировок, подходящих под отбор. Остальные ориентировки скрыты отбором.</translation>
    </message>
    <message>
        <source>No bulletins on this PC yet: they arrive with the first synchronisation with the regional server.</source>
        <translation>На этом ПК ещё нет ориентировок: они поступят при первой синхронизации с региональным сервером.</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>Select a case in the list.</source>
        <translation>Выберите дело в списке.</translation>
    </message>
    <message>
        <source>Subjects:</source>
        <translation>Фигуранты:</translation>
    </message>
    <message>
        <source>Subjects of the case</source>
        <translation>Фигуранты дела</translation>
    </message>
    <message>
        <source>Timeline:</source>
        <translation>Ход дела:</translation>
    </message>
    <message>
        <source>Case timeline</source>
        <translation>Ход дела</translation>
    </message>
    <message>
        <source>New note…</source>
        <translation>Новая запись…</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Новая запись</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>&amp;Добавить запись</translation>
    </message>
    <message>
        <source>&amp;Use in request</source>
        <translation>&amp;Включить в запрос</translation>
    </message>
    <message>
        <source>Status: %1 · opened %2</source>
        <translation>Статус: %1 · заведено %2</translation>
    </message>
    <message>
        <source>[not yet on the server]</source>
        <translation>[ещё не передано на сервер]</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Linked bulletin</source>
        <translation>Связанная ориентировка</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Вложение</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>Сначала введите текст записи.</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Filter by case number or title</source>
        <translation>Отбор по номеру или названию дела</translation>
    </message>
    <message>
        <source>Filter cases</source>
        <translation>Отбор дел</translation>
    </message>
    <message>
        <source>&amp;Clear the filter</source>
        <translation>&amp;Сбросить отбор</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Заведено</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <source>No case files match “%1”.</source>
        <translation>Нет дел, подходящих под отбор «%1».</translation>
    </message>
    <message>
        <source>No case files on this PC yet: they arrive with the synchronisation with the regional server.</source>
        <translation>На этом ПК ещё нет дел: они поступят при синхронизации с региональным сервером.</translation>
    </message>
</context>
<context>
    <name>ChangesView</name>
    <message>
        <source>Changes since the previous submission</source>
        <translation>Изменения с предыдущей подачи</translation>
    </message>
    <message>
        <source>First submission: nothing to compare.</source>
        <translation>Первая подача: сравнивать не с чем.</translation>
    </message>
    <message>
        <source>No changes since the previous submission.</source>
        <translation>С предыдущей подачи ничего не изменилось.</translation>
    </message>
    <message>
        <source>Removed: struck through on red. Added: underlined on green.</source>
        <translation>Удалено: зачёркнуто на красном. Добавлено: подчёркнуто на зелёном.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>This address sends the enrolment elsewhere (a redirect). Nothing was sent there. Enter the regional server&apos;s own address, as its operator gave it.</source>
        <extracomment>Letters, digits, dashes and spaces: what a code such as ``7KQ4-M2XD-9PHR`` may hold. Field names used by :func:`classify_failure` and the error labels of the dialog.</extracomment>
        <translation>Этот адрес перенаправляет регистрацию в другое место. Туда ничего не отправлено. Введите собственный адрес регионального сервера, полученный от его оператора.</translation>
    </message>
    <message>
        <source>The regional server had an internal fault and could not enrol this PC. Nothing was registered; try again later, and tell the server&apos;s operator if it keeps happening.</source>
        <translation>На региональном сервере произошёл внутренний сбой, и этот компьютер не зарегистрирован. Ничего не сохранено; повторите попытку позже, а если ошибка повторяется, сообщите оператору сервера.</translation>
    </message>
    <message>
        <source>District Desk — enrol this PC</source>
        <translation>District Desk — регистрация этого ПК</translation>
    </message>
    <message>
        <source>Enrol this PC with the regional server</source>
        <translation>Регистрация этого ПК на региональном сервере</translation>
    </message>
    <message>
        <source>IT staff: enter the one-time enrolment code issued for this office. Without enrolment District Desk works offline: local users can log in and work, nothing is sent.</source>
        <translation>Для сотрудников ИТ: введите одноразовый код регистрации, выданный для этого подразделения. Без регистрации District Desk работает автономно: локальные пользователи могут войти и работать, но ничего не отправляется.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>Set by the site configuration file.</source>
        <translation>Задан в файле конфигурации площадки.</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>&amp;Адрес сервера:</translation>
    </message>
    <message>
        <source>One-time enrolment code</source>
        <translation>Одноразовый код регистрации</translation>
    </message>
    <message>
        <source>One-time &amp;code:</source>
        <translation>Одноразовый &amp;код:</translation>
    </message>
    <message>
        <source>CA bundle file (optional)</source>
        <translation>Файл сертификатов ЦС (необязательно)</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>необязательно</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <source>CA &amp;bundle:</source>
        <translation>&amp;Сертификаты ЦС:</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>не задано</translation>
    </message>
    <message>
        <source>Office:</source>
        <translation>Подразделение:</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>&amp;Зарегистрировать</translation>
    </message>
    <message>
        <source>&amp;Work offline</source>
        <translation>&amp;Работать автономно</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>Сертификаты ЦС</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Сертификаты (*.pem *.crt *.cer);;Все файлы (*)</translation>
    </message>
    <message>
        <source>This PC is already enrolled with %1. Enrolling again replaces its registration; local data and unsent work are kept.</source>
        <translation>Этот ПК уже зарегистрирован на %1. Повторная регистрация заменит её; локальные данные и неотправленная работа сохраняются.</translation>
    </message>
    <message>
        <source>Enrol again?</source>
        <translation>Зарегистрировать повторно?</translation>
    </message>
    <message>
        <source>This PC is already enrolled. Enrol it again with the new code? Local data and requests waiting to be sent are kept.</source>
        <translation>Этот ПК уже зарегистрирован. Зарегистрировать его повторно с новым кодом? Локальные данные и запросы, ожидающие отправки, сохраняются.</translation>
    </message>
    <message>
        <source>Contacting the regional server…</source>
        <translation>Связь с региональным сервером…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>Закр&amp;ыть</translation>
    </message>
    <message>
        <source>This PC is enrolled with %1 (%2), office %3.</source>
        <translation>Этот ПК зарегистрирован на %1 (%2), подразделение %3.</translation>
    </message>
</context>
<context>
    <name>HandlingBanner</name>
    <message>
        <source>Handling restriction: %1</source>
        <translation>Гриф: %1</translation>
    </message>
</context>
<context>
    <name>HitDialog</name>
    <message>
        <source>Record a hit</source>
        <translation>Фиксация совпадения</translation>
    </message>
    <message>
        <source>Match: %1 (%2)</source>
        <translation>Соответствие: %1 (%2)</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Circumstances</source>
        <translation>Обстоятельства</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Принятые меры</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>&amp;Место:</translation>
    </message>
    <message>
        <source>&amp;Circumstances:</source>
        <translation>&amp;Обстоятельства:</translation>
    </message>
    <message>
        <source>&amp;Action taken:</source>
        <translation>&amp;Принятые меры:</translation>
    </message>
    <message>
        <source>I have checked this weak match myself (documents, photo, details)</source>
        <translation>Это слабое соответствие проверено мной лично (документы, фото, приметы)</translation>
    </message>
    <message>
        <source>Start a hit notification request</source>
        <translation>Подготовить сообщение о совпадении</translation>
    </message>
    <message>
        <source>Say where the hit happened.</source>
        <translation>Укажите, где выявлено совпадение.</translation>
    </message>
    <message>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>Совпадение при слабом соответствии можно зафиксировать только после вашей личной проверки.</translation>
    </message>
</context>
<context>
    <name>HitNotification</name>
    <message>
        <source>Hit on bulletin %1.</source>
        <translation>Совпадение по ориентировке %1.</translation>
    </message>
    <message>
        <source>Matched: %1 (%2).</source>
        <translation>Совпавшее написание: %1 (%2).</translation>
    </message>
    <message>
        <source>Place: %1</source>
        <translation>Место: %1</translation>
    </message>
    <message>
        <source>Circumstances: %1</source>
        <translation>Обстоятельства: %1</translation>
    </message>
    <message>
        <source>Action taken: %1</source>
        <translation>Принятые меры: %1</translation>
    </message>
    <message>
        <source>strong match</source>
        <translation>сильное соответствие</translation>
    </message>
    <message>
        <source>possible match</source>
        <translation>возможное соответствие</translation>
    </message>
    <message>
        <source>weak match, confirmed by the officer</source>
        <translation>слабое соответствие, подтверждено сотрудником</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>русский</translation>
    </message>
    <message>
        <source>English</source>
        <translation>английский</translation>
    </message>
</context>
<context>
    <name>HitsPage</name>
    <message>
        <source>Recorded hits</source>
        <translation>Зафиксированные совпадения</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Зафиксировано</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>Searched for</source>
        <translation>Искомое</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Сообщение о совпадении</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>не начато</translation>
    </message>
    <message>
        <source>Double-click a hit to see its bulletin.</source>
        <translation>Дважды щёлкните совпадение, чтобы открыть ориентировку.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Session locked</source>
        <translation>Сеанс заблокирован</translation>
    </message>
    <message>
        <source>%1 locked this session.</source>
        <translation>%1 заблокировал(а) сеанс.</translation>
    </message>
    <message numerus="yes">
        <source>The session of %1 was locked after %n minute(s) without activity.</source>
        <translation>
            <numerusform>Сеанс пользователя %1 заблокирован после %n минуты бездействия.</numerusform>
            <numerusform>Сеанс пользователя %1 заблокирован после %n минут бездействия.</numerusform>
            <numerusform>Сеанс пользователя %1 заблокирован после %n минут бездействия.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter your password to continue.</source>
        <translation>Чтобы продолжить, введите свой пароль.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>&amp;Выйти из сеанса</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>Неверный пароль.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>District Desk — log in</source>
        <extracomment>Set when the user picked another interface language: the caller installs it and opens the dialog again, translated.</extracomment>
        <translation>District Desk — вход</translation>
    </message>
    <message>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Язык интерфейса</translation>
    </message>
    <message>
        <source>Reading this PC&apos;s configuration…</source>
        <translation>Чтение настроек этого компьютера…</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Имя пользователя:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>First time on this PC: log in through the regional server</source>
        <translation>Первый вход на этом компьютере: войти через региональный сервер</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Версия %1</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Войти</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>не задано</translation>
    </message>
    <message>
        <source>none (offline only)</source>
        <translation>нет (только автономная работа)</translation>
    </message>
    <message>
        <source>Office: %1
Regional server: %2</source>
        <translation>Подразделение: %1
Региональный сервер: %2</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Введите имя пользователя и пароль.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong user name or password. %n attempt(s) left before the account is locked.</source>
        <translation>
            <numerusform>Неверное имя пользователя или пароль. До блокировки учётной записи осталась %n попытка.</numerusform>
            <numerusform>Неверное имя пользователя или пароль. До блокировки учётной записи осталось %n попытки.</numerusform>
            <numerusform>Неверное имя пользователя или пароль. До блокировки учётной записи осталось %n попыток.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a &amp;snapshot from USB…</source>
        <translation>Загрузить &amp;снимок с USB…</translation>
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
        <translation>Разделы</translation>
    </message>
    <message>
        <source>Bulletins</source>
        <translation>Ориентировки</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Запросы</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Ответы</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Совпадения</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <source>%1 · %2 · office %3</source>
        <translation>%1 · %2 · подразделение %3</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <extracomment>Windows hidden by the lock, shown again when it is lifted.</extracomment>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;New request</source>
        <translation>&amp;Новый запрос</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Н&amp;астройки…</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>&amp;Заблокировать экран</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>&amp;Выйти из сеанса</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>П&amp;ереход</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Найти…</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>Син&amp;хронизация</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Синхронизировать се&amp;йчас</translation>
    </message>
    <message>
        <source>Sync &amp;details</source>
        <translation>&amp;Подробности синхронизации</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About and diagnostics…</source>
        <translation>&amp;О программе и диагностика…</translation>
    </message>
    <message>
        <source>&amp;Enrol this PC…</source>
        <translation>&amp;Зарегистрировать этот ПК…</translation>
    </message>
    <message>
        <source>Search for the person, vehicle or document, then choose “Record hit” on the result.</source>
        <translation>Найдите лицо, транспортное средство или документ и выберите «Зафиксировать совпадение» для результата.</translation>
    </message>
    <message>
        <source>A reply to one of your requests has arrived.</source>
        <translation>Поступил ответ на один из ваших запросов.</translation>
    </message>
    <message>
        <source>Urgent bulletin: %1</source>
        <translation>Срочная ориентировка: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n urgent bulletin(s) received.</source>
        <translation>
            <numerusform>Получена %n срочная ориентировка.</numerusform>
            <numerusform>Получены %n срочные ориентировки.</numerusform>
            <numerusform>Получено %n срочных ориентировок.</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulletin %1 was cancelled.</source>
        <translation>Ориентировка %1 отменена.</translation>
    </message>
    <message numerus="yes">
        <source>%n bulletin(s) cancelled.</source>
        <translation>
            <numerusform>Отменена %n ориентировка.</numerusform>
            <numerusform>Отменены %n ориентировки.</numerusform>
            <numerusform>Отменено %n ориентировок.</numerusform>
        </translation>
    </message>
    <message>
        <source>The regional server refused an item. See Synchronisation for the reason.</source>
        <translation>Региональный сервер отклонил отправление. Причина — в разделе «Синхронизация».</translation>
    </message>
    <message>
        <source>Unread replies: %1</source>
        <translation>Непрочитанных ответов: %1</translation>
    </message>
    <message>
        <source>Requests returned to you for changes: %1</source>
        <translation>Запросов, возвращённых вам на доработку: %1</translation>
    </message>
    <message>
        <source>Requests awaiting your approval: %1</source>
        <translation>Запросов, ожидающих вашего утверждения: %1</translation>
    </message>
    <message>
        <source>District Desk — locked</source>
        <translation>District Desk — заблокировано</translation>
    </message>
    <message>
        <source>E&amp;xport for USB…</source>
        <translation>Выгр&amp;узить на USB…</translation>
    </message>
    <message>
        <source>&amp;Import from USB…</source>
        <translation>Заг&amp;рузить с USB…</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Open</source>
        <extracomment>Keys that still work on a read-only field: moving the focus on.</extracomment>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>Открыть: %1</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>Скрыть уведомление</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancel</source>
        <extracomment>How long an operation may run before a progress dialog appears (no flicker for quick ones). At most this many progress signals per second cross from a worker to the GUI thread. Operations whose result has not been delivered yet, by id (tests wait on it).</extracomment>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Подождите</translation>
    </message>
</context>
<context>
    <name>PeerSection</name>
    <message>
        <source>A PC of another office tried to exchange data with this PC (from %1). It was refused and recorded in the audit log.</source>
        <translation>Компьютер другого отдела пытался обменяться данными с этим компьютером (с адреса %1). Попытка отклонена и записана в журнал аудита.</translation>
    </message>
    <message>
        <source>A PC that IT revoked at the regional server tried to exchange data with this PC (%1). It was refused and recorded in the audit log.</source>
        <translation>Компьютер, регистрация которого отозвана на региональном сервере, пытался обменяться данными с этим компьютером (%1). Попытка отклонена и записана в журнал аудита.</translation>
    </message>
    <message>
        <source>An office PC (%1) passed on a list of revoked devices that the regional server did not sign. It was refused and recorded in the audit log.</source>
        <translation>Компьютер отдела (%1) передал список отозванных устройств без подписи регионального сервера. Список отклонён, это записано в журнал аудита.</translation>
    </message>
    <message>
        <source>An unknown device tried to exchange data with this PC (from %1). It was refused and recorded in the audit log.</source>
        <translation>Неизвестное устройство пыталось обменяться данными с этим компьютером (с адреса %1). Попытка отклонена и записана в журнал аудита.</translation>
    </message>
    <message>
        <source>Exchange with office PCs is off (site.toml: [lan] enabled = false).</source>
        <translation>Обмен с компьютерами отдела выключен (site.toml: [lan] enabled = false).</translation>
    </message>
    <message>
        <source>This PC has no device certificate: enrol it again to exchange with office PCs.</source>
        <translation>У этого компьютера нет сертификата устройства: зарегистрируйте его заново, чтобы обмениваться данными с компьютерами отдела.</translation>
    </message>
    <message>
        <source>The network port for office PCs is in use by another program.</source>
        <translation>Сетевой порт для обмена с компьютерами отдела занят другой программой.</translation>
    </message>
    <message>
        <source>IT revoked this PC at the regional server: it no longer exchanges with office PCs. Ask IT staff.</source>
        <translation>Регистрация этого компьютера отозвана на региональном сервере: он больше не обменивается данными с компьютерами отдела. Обратитесь в ИТ-службу.</translation>
    </message>
    <message>
        <source>revoked by IT at the regional server: refused</source>
        <translation>регистрация отозвана на региональном сервере: отклонён</translation>
    </message>
    <message>
        <source>refused: IT revoked this PC at the regional server</source>
        <translation>отклонено: регистрация этого компьютера отозвана на региональном сервере</translation>
    </message>
    <message>
        <source>belongs to another office: refused</source>
        <translation>компьютер другого отдела: отклонён</translation>
    </message>
    <message>
        <source>unknown device: refused</source>
        <translation>неизвестное устройство: отклонено</translation>
    </message>
    <message>
        <source>refused this PC&apos;s certificate</source>
        <translation>не принял сертификат этого компьютера</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>не отвечает</translation>
    </message>
    <message>
        <source>sent data that was not accepted</source>
        <translation>прислал данные, которые не приняты</translation>
    </message>
    <message>
        <source>Office PCs on the local network</source>
        <translation>Компьютеры отдела в локальной сети</translation>
    </message>
    <message>
        <source>Office PCs</source>
        <translation>Компьютеры отдела</translation>
    </message>
    <message>
        <source>PC (address)</source>
        <translation>Компьютер (адрес)</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Отвечает</translation>
    </message>
    <message>
        <source>Last exchange</source>
        <translation>Последний обмен</translation>
    </message>
    <message>
        <source>Exchange with office PCs now</source>
        <translation>Обменяться с компьютерами отдела</translation>
    </message>
    <message>
        <source>Starting the exchange with office PCs…</source>
        <translation>Запуск обмена с компьютерами отдела…</translation>
    </message>
    <message>
        <source>Serving office PCs; no other PC of this office found yet.</source>
        <translation>Обмен с компьютерами отдела включён; другие компьютеры отдела пока не найдены.</translation>
    </message>
    <message>
        <source>Serving office PCs.</source>
        <translation>Обмен с компьютерами отдела включён.</translation>
    </message>
    <message>
        <source>not tried yet</source>
        <translation>ещё не проверялся</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>нет: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>не выполнялся</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>All recorded spellings:</source>
        <translation>Все учтённые написания:</translation>
    </message>
    <message>
        <source>All recorded spellings</source>
        <translation>Все учтённые написания</translation>
    </message>
    <message>
        <source>Details:</source>
        <translation>Сведения:</translation>
    </message>
    <message>
        <source>Bulletin:</source>
        <translation>Ориентировка:</translation>
    </message>
    <message>
        <source>Cases:</source>
        <translation>Дела:</translation>
    </message>
    <message>
        <source>Show &amp;bulletin</source>
        <translation>Показать &amp;ориентировку</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <source>male</source>
        <translation>мужской</translation>
    </message>
    <message>
        <source>female</source>
        <translation>женский</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>пол неизвестен</translation>
    </message>
    <message>
        <source>date of birth unknown</source>
        <translation>дата рождения неизвестна</translation>
    </message>
    <message>
        <source>(CANCELLED)</source>
        <translation>(ОТМЕНЕНА)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Перейти к:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Типы файлов:</translation>
    </message>
</context>
<context>
    <name>RepliesPage</name>
    <message>
        <source>Replies</source>
        <translation>Ответы</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получен</translation>
    </message>
    <message>
        <source>From</source>
        <translation>От кого</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Select a reply.</source>
        <translation>Выберите ответ.</translation>
    </message>
    <message>
        <source>Text of the reply</source>
        <translation>Текст ответа</translation>
    </message>
    <message>
        <source>Show the &amp;request</source>
        <translation>Показать &amp;запрос</translation>
    </message>
    <message>
        <source>From %1, received %2</source>
        <translation>От: %1, получен %2</translation>
    </message>
</context>
<context>
    <name>RequestEditor</name>
    <message>
        <source>Subject</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>person</source>
        <translation>лицо</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation>транспортное средство</translation>
    </message>
    <message>
        <source>document</source>
        <translation>документ</translation>
    </message>
    <message>
        <source>record</source>
        <translation>запись</translation>
    </message>
    <message>
        <source>(case not on this PC)</source>
        <translation>(дела нет на этом ПК)</translation>
    </message>
    <message>
        <source>(bulletin not on this PC)</source>
        <translation>(ориентировки нет на этом ПК)</translation>
    </message>
    <message>
        <source>(name unknown)</source>
        <translation>(имя неизвестно)</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>дата рождения %1</translation>
    </message>
    <message>
        <source>nationality %1</source>
        <translation>гражданство %1</translation>
    </message>
    <message>
        <source>%1 “%2” matches bulletin %3</source>
        <translation>%1 «%2» совпадает с ориентировкой %3</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>место: %1</translation>
    </message>
    <message>
        <source>(reference missing)</source>
        <translation>(номер не указан)</translation>
    </message>
    <message>
        <source>(file not on this PC)</source>
        <translation>(файла нет на этом ПК)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Адресаты</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Объекты запроса</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>Составитель</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>Контрольная сумма содержания</translation>
    </message>
    <message>
        <source>Server reference</source>
        <translation>Номер на сервере</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <source>&amp;Save draft</source>
        <translation>Сохранить &amp;черновик</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Submit for a&amp;pproval</source>
        <translation>Направить на &amp;утверждение</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>&amp;Review…</source>
        <translation>&amp;Рассмотреть…</translation>
    </message>
    <message>
        <source>Send to outbox</source>
        <translation>Передать в исходящие</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Отозвать…</translation>
    </message>
    <message>
        <source>Copy to new draft</source>
        <translation>Копировать в новый черновик</translation>
    </message>
    <message>
        <source>Close request</source>
        <translation>Закрыть запрос</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>New request (not saved yet)</source>
        <translation>Новый запрос (ещё не сохранён)</translation>
    </message>
    <message>
        <source>drafted by %1</source>
        <translation>составитель: %1</translation>
    </message>
    <message>
        <source>server reference %1</source>
        <translation>номер на сервере: %1</translation>
    </message>
    <message>
        <source>Returned by the supervisor: %1</source>
        <translation>Возвращён руководителем: %1</translation>
    </message>
    <message>
        <source>no reason was given</source>
        <translation>причина не указана</translation>
    </message>
    <message>
        <source>The regional server refused this request: %1</source>
        <translation>Региональный сервер отклонил этот запрос: %1</translation>
    </message>
    <message>
        <source>Approved and waiting in the outbox. It has NOT reached the regional server yet.</source>
        <translation>Утверждён и ожидает отправки. На региональный сервер он ЕЩЁ НЕ поступил.</translation>
    </message>
    <message>
        <source>Your action on another PC of the office did not count: %1</source>
        <translation>Ваше действие на другом компьютере подразделения не учтено: %1</translation>
    </message>
    <message>
        <source>Request — %1</source>
        <translation>Запрос — %1</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Ориентировка</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Hit</source>
        <translation>Совпадение</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Экспорт в PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Есть несохранённые изменения</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Draft saved on this PC at %1</source>
        <translation>Черновик сохранён на этом компьютере в %1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Направление…</translation>
    </message>
    <message>
        <source>Submitted for approval. A supervisor must approve it before it can leave.</source>
        <translation>Направлен на утверждение. Запрос будет отправлен только после утверждения руководителем.</translation>
    </message>
    <message>
        <source>Not submitted</source>
        <translation>Не направлен</translation>
    </message>
    <message>
        <source>Withdraw request</source>
        <translation>Отзыв запроса</translation>
    </message>
    <message>
        <source>Why is it withdrawn?</source>
        <translation>Причина отзыва:</translation>
    </message>
    <message>
        <source>Add reference</source>
        <translation>Добавление по номеру</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Reference (number, plate or document):</source>
        <translation>Номер (ориентировки, госномер или документа):</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Приложить файл</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <source>Error: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>Request type</source>
        <translation>Вид запроса</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Срочность:</translation>
    </message>
    <message>
        <source>Answer needed by</source>
        <translation>Ответ требуется до</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>&amp;Due date:</source>
        <translation>Сро&amp;к:</translation>
    </message>
    <message>
        <source>Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)</source>
        <translation>Коды органов через запятую (напр. NCB-MOSCOW, KZ-GP)</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Адресаты</translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation>&amp;Адресаты:</translation>
    </message>
    <message>
        <source>Double-click a subject to open it.</source>
        <translation>Дважды щёлкните объект, чтобы открыть его.</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Объекты запроса</translation>
    </message>
    <message>
        <source>Add &amp;case…</source>
        <translation>Добавить &amp;дело…</translation>
    </message>
    <message>
        <source>Add reference…</source>
        <translation>Добавить по номеру…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Remove subject</source>
        <translation>Удалить объект</translation>
    </message>
    <message>
        <source>&amp;Subjects:</source>
        <translation>&amp;Объекты:</translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation>Текст запроса</translation>
    </message>
    <message>
        <source>What is asked, why, and what is already known.</source>
        <translation>Что запрашивается, на каком основании и что уже известно.</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>&amp;Текст:</translation>
    </message>
    <message>
        <source>Language of the text</source>
        <translation>Язык текста</translation>
    </message>
    <message>
        <source>Fill in the text from the hit</source>
        <translation>Заполнить текст по совпадению</translation>
    </message>
    <message>
        <source>Handling code</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <source>&amp;Handling:</source>
        <translation>&amp;Гриф:</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <source>&amp;Attach file…</source>
        <translation>&amp;Приложить файл…</translation>
    </message>
    <message>
        <source>Remove attachment</source>
        <translation>Удалить вложение</translation>
    </message>
    <message>
        <source>Attach&amp;ments:</source>
        <translation>Вло&amp;жения:</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>&amp;New request</source>
        <translation>&amp;Новый запрос</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>Re&amp;view…</source>
        <translation>&amp;Рассмотреть…</translation>
    </message>
    <message>
        <source>Request stages</source>
        <translation>Этапы запросов</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Черновики</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>На утверждении</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Возвращённые</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправленные</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>С ответом</translation>
    </message>
    <message>
        <source>No drafts. Start one with New request (Ctrl+N).</source>
        <translation>Черновиков нет. Начните запрос кнопкой «Новый запрос» (Ctrl+N).</translation>
    </message>
    <message>
        <source>No requests are waiting for approval.</source>
        <translation>Нет запросов, ожидающих утверждения.</translation>
    </message>
    <message>
        <source>No requests have been returned for changes.</source>
        <translation>Нет запросов, возвращённых на доработку.</translation>
    </message>
    <message>
        <source>The outbox is empty: nothing is waiting to be sent.</source>
        <translation>Исходящие пусты: ничего не ожидает отправки.</translation>
    </message>
    <message>
        <source>No requests have been sent yet.</source>
        <translation>Отправленных запросов пока нет.</translation>
    </message>
    <message>
        <source>No requests have been answered yet.</source>
        <translation>Запросов с ответом пока нет.</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>Составитель</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <source>Text / reason</source>
        <translation>Текст / причина</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Рассмотреть…</translation>
    </message>
    <message>
        <source>Copy to a new draft</source>
        <translation>Копировать в новый черновик</translation>
    </message>
    <message>
        <source>%1 (on USB)</source>
        <translation>%1 (на USB)</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Где</translation>
    </message>
    <message>
        <source>Share with the office</source>
        <translation>Поделиться с отделом</translation>
    </message>
</context>
<context>
    <name>ResultModel</name>
    <message>
        <source>What</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Совпавшее написание</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Соответствие</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Основание</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Ориентировка</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>Точное</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Сильное</translation>
    </message>
    <message>
        <source>Probable</source>
        <translation>Вероятное</translation>
    </message>
    <message>
        <source>Possible</source>
        <translation>Возможное</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Слабое</translation>
    </message>
    <message>
        <source>Text contains</source>
        <translation>Вхождение текста</translation>
    </message>
    <message>
        <source>(CANCELLED)</source>
        <translation>(ОТМЕНЕНА)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review request</source>
        <translation>Рассмотрение запроса</translation>
    </message>
    <message>
        <source>Content that will be sent</source>
        <translation>Содержание, которое будет отправлено</translation>
    </message>
    <message>
        <source>Changes since the previous submission:</source>
        <translation>Изменения с предыдущей подачи:</translation>
    </message>
    <message>
        <source>Reason for returning (required to return):</source>
        <translation>Причина возврата (обязательна при возврате):</translation>
    </message>
    <message>
        <source>Reason for returning</source>
        <translation>Причина возврата</translation>
    </message>
    <message>
        <source>&amp;Approve and send</source>
        <translation>&amp;Утвердить и отправить</translation>
    </message>
    <message>
        <source>Approves exactly the content shown above (Alt+A or a click).</source>
        <translation>Утверждает ровно то содержание, которое показано выше (Alt+У или щелчок).</translation>
    </message>
    <message>
        <source>This request no longer exists on this PC. Nothing was approved.</source>
        <translation>Этого запроса больше нет на этом ПК. Ничего не утверждено.</translation>
    </message>
    <message>
        <source>This request changed while this window was open; it is now “%1”. What you see has been refreshed: read it again before deciding.</source>
        <translation>Запрос изменился, пока это окно было открыто; теперь его состояние — «%1». Показанное обновлено: перечитайте его, прежде чем принимать решение.</translation>
    </message>
    <message>
        <source>%1 — drafted by %2, revision %3, state “%4”</source>
        <translation>%1 — составитель %2, редакция %3, состояние «%4»</translation>
    </message>
    <message>
        <source>Your decision on another PC of the office did not count: %1</source>
        <translation>Ваше решение на другом компьютере подразделения не учтено: %1</translation>
    </message>
    <message>
        <source>Fingerprint of this content: %1. An approval covers exactly the fields, subjects and text above; any later change voids it.</source>
        <translation>Отпечаток этого содержания: %1. Утверждение распространяется ровно на поля, объекты и текст выше; любое последующее изменение его отменяет.</translation>
    </message>
    <message>
        <source>Approved. The content with fingerprint %1 is in the outbox and leaves with the next synchronisation.</source>
        <translation>Утверждено. Содержание с отпечатком %1 в исходящих и уйдёт при следующей синхронизации.</translation>
    </message>
    <message>
        <source>Returned to the officer with your reason.</source>
        <translation>Возвращено сотруднику с вашей причиной.</translation>
    </message>
    <message>
        <source>Nothing was approved or returned; the window shows the request as it is now.</source>
        <translation>Ничего не утверждено и не возвращено; окно показывает запрос в его нынешнем виде.</translation>
    </message>
    <message>
        <source>Re&amp;turn to the officer</source>
        <translation>&amp;Вернуть исполнителю</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>You drafted this request: another supervisor must review it.</source>
        <translation>Вы составили этот запрос: его должен рассмотреть другой руководитель.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>same spelling</source>
        <translation>то же написание</translation>
    </message>
    <message>
        <source>transliteration</source>
        <translation>транслитерация</translation>
    </message>
    <message>
        <source>sounds the same</source>
        <translation>звучит одинаково</translation>
    </message>
    <message>
        <source>same consonants</source>
        <translation>те же согласные</translation>
    </message>
    <message>
        <source>same stem</source>
        <translation>та же основа</translation>
    </message>
    <message>
        <source>similar letters</source>
        <translation>похожие буквы</translation>
    </message>
    <message>
        <source>beginning</source>
        <translation>начало</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>инициал</translation>
    </message>
    <message>
        <source>short form of the name</source>
        <translation>краткая форма имени</translation>
    </message>
    <message>
        <source>two letters swapped</source>
        <translation>переставлены две буквы</translation>
    </message>
    <message>
        <source>a name part does not match</source>
        <translation>часть имени не совпадает</translation>
    </message>
    <message>
        <source>the name differs and no date of birth or document confirms it</source>
        <translation>имя отличается, и ни дата рождения, ни документ этого не подтверждают</translation>
    </message>
    <message>
        <source>no patronymic on record</source>
        <translation>отчество в учёте отсутствует</translation>
    </message>
    <message>
        <source>patronymic differs</source>
        <translation>отчество отличается</translation>
    </message>
    <message>
        <source>name ending suggests the other sex</source>
        <translation>окончание фамилии указывает на другой пол</translation>
    </message>
    <message>
        <source>only one name part</source>
        <translation>только одна часть имени</translation>
    </message>
    <message>
        <source>date of birth equal</source>
        <translation>дата рождения совпадает</translation>
    </message>
    <message>
        <source>date of birth compatible</source>
        <translation>дата рождения не противоречит</translation>
    </message>
    <message>
        <source>date of birth unknown</source>
        <translation>дата рождения неизвестна</translation>
    </message>
    <message>
        <source>year of birth differs</source>
        <translation>год рождения отличается</translation>
    </message>
    <message>
        <source>day or month of birth differs</source>
        <translation>день или месяц рождения отличается</translation>
    </message>
    <message>
        <source>day and month swapped</source>
        <translation>день и месяц переставлены</translation>
    </message>
    <message>
        <source>sex agrees</source>
        <translation>пол совпадает</translation>
    </message>
    <message>
        <source>sex differs</source>
        <translation>пол отличается</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>пол неизвестен</translation>
    </message>
    <message>
        <source>nationality agrees</source>
        <translation>гражданство совпадает</translation>
    </message>
    <message>
        <source>nationality differs</source>
        <translation>гражданство отличается</translation>
    </message>
    <message>
        <source>document number equal</source>
        <translation>номер документа совпадает</translation>
    </message>
    <message>
        <source>document number differs</source>
        <translation>номер документа отличается</translation>
    </message>
    <message>
        <source>VIN equal</source>
        <translation>VIN совпадает</translation>
    </message>
    <message>
        <source>plate equal</source>
        <translation>госномер совпадает</translation>
    </message>
    <message>
        <source>plate similar</source>
        <translation>госномер похож</translation>
    </message>
    <message>
        <source>reference equal</source>
        <translation>номер совпадает</translation>
    </message>
    <message>
        <source>text matches</source>
        <translation>текст совпадает</translation>
    </message>
    <message>
        <source>Search people, vehicles and documents</source>
        <translation>Поиск лиц, транспортных средств и документов</translation>
    </message>
    <message>
        <source>Name (any script), date of birth, plate, VIN or document number</source>
        <translation>ФИО (любым алфавитом), дата рождения, госномер, VIN или номер документа</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Найти</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <source>Show &amp;bulletin</source>
        <translation>Показать &amp;ориентировку</translation>
    </message>
    <message>
        <source>Record hi&amp;t…</source>
        <translation>Зафиксировать совпа&amp;дение…</translation>
    </message>
    <message>
        <source>&amp;Use in request</source>
        <translation>&amp;Включить в запрос</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>Nothing to search yet: this PC has not received any bulletins. They arrive with the first synchronisation with the regional server.</source>
        <translation>Искать пока не в чем: на этот ПК ещё не поступило ни одной ориентировки. Они поступят при первой синхронизации с региональным сервером.</translation>
    </message>
    <message>
        <source>No matches for “%1”.</source>
        <translation>По запросу «%1» ничего не найдено.</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>Найден %n результат</numerusform>
            <numerusform>Найдено %n результата</numerusform>
            <numerusform>Найдено %n результатов</numerusform>
        </translation>
    </message>
    <message>
        <source>More matches exist than are shown: add a date of birth, a second name or a document number to narrow the search.</source>
        <translation>Найдено больше, чем показано: добавьте дату рождения, второе имя или номер документа, чтобы сузить поиск.</translation>
    </message>
    <message>
        <source>The name index is being rebuilt after an upgrade (%1 % done): until it finishes, some persons may not be found. Search again later to be sure.</source>
        <translation>После обновления программы указатель имён перестраивается (готово %1 %): пока это не закончится, некоторые лица могут не находиться. Повторите поиск позже, чтобы убедиться.</translation>
    </message>
    <message>
        <source>the date of birth typed does not exist (for example 31.02) and was not used; check it and search again</source>
        <translation>введённой даты рождения не существует (например, 31.02), она не учтена; проверьте её и повторите поиск</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Язык интерфейса</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <source>Lock after inactivity (minutes)</source>
        <translation>Блокировка при бездействии (минут)</translation>
    </message>
    <message numerus="yes">
        <source>The site allows at most %n minute(s).</source>
        <translation>
            <numerusform>Настройки подразделения допускают не более %n минуты.</numerusform>
            <numerusform>Настройки подразделения допускают не более %n минут.</numerusform>
            <numerusform>Настройки подразделения допускают не более %n минут.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lock after &amp;inactivity:</source>
        <translation>Блокировка при &amp;бездействии:</translation>
    </message>
    <message>
        <source>Download full-size photos only on request</source>
        <translation>Загружать полноразмерные фото только по запросу</translation>
    </message>
    <message>
        <source>&amp;Metered link:</source>
        <translation>&amp;Лимитный канал:</translation>
    </message>
    <message>
        <source>A new language applies at once: the main window reopens, drafts are kept.</source>
        <translation>Новый язык применяется сразу: главное окно откроется заново, черновики сохранятся.</translation>
    </message>
</context>
<context>
    <name>SubjectPicker</name>
    <message>
        <source>Add a case as subject</source>
        <translation>Добавление дела в объекты запроса</translation>
    </message>
    <message>
        <source>Case number or title</source>
        <translation>Номер или название дела</translation>
    </message>
    <message>
        <source>Find case</source>
        <translation>Поиск дела</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Downloading the photo from the regional server…</source>
        <extracomment>How long closing the window waits for a cancelled cycle to stop. Sync pools whose cycle was still blocked on the network when their window closed. They are kept here (a QThreadPool deleted with a running thread would block until it ends) and the process leaves without waiting for them (:func:`ui.main.run_gui`). The cycle only waits for news (the server holds ``/news``): nothing is transferred, the PC is shown as up to date, and &quot;Sync now&quot; or a new outbox item restarts it. Downloads of full-size photos in flight (Stop and closing cancel them too). A listening cycle was stopped to start a new one at once (Sync now, a new item).</extracomment>
        <translation>Загрузка фото с регионального сервера…</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Synchronisation with the regional server</source>
        <translation>Синхронизация с региональным сервером</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Состояние:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <source>Last confirmed sync (server time):</source>
        <translation>Последняя подтверждённая синхронизация (время сервера):</translation>
    </message>
    <message>
        <source>Waiting to be sent:</source>
        <translation>Ожидает отправки:</translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation>Следующая попытка:</translation>
    </message>
    <message>
        <source>Last problem:</source>
        <translation>Последняя ошибка:</translation>
    </message>
    <message>
        <source>Show &amp;rows</source>
        <translation>Показать &amp;записи</translation>
    </message>
    <message>
        <source>Show the rows that could not be applied</source>
        <translation>Показать записи, которые не удалось применить</translation>
    </message>
    <message>
        <source>Rows not applied:</source>
        <translation>Не применено записей:</translation>
    </message>
    <message>
        <source>Rows from the server that could not be applied</source>
        <translation>Записи с сервера, которые не удалось применить</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Идентификатор</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Transfer progress</source>
        <translation>Ход передачи</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Синхронизировать се&amp;йчас</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Остановить</translation>
    </message>
    <message>
        <source>&amp;Metered link (download full-size photos only on request)</source>
        <translation>&amp;Лимитный канал (полноразмерные фото — только по запросу)</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Отклонено сервером</translation>
    </message>
    <message>
        <source>Items refused by the server</source>
        <translation>Отправления, отклонённые сервером</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Отправление</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Server&apos;s message</source>
        <translation>Сообщение сервера</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Withdraw from the outbox</source>
        <translation>Отозвать из исходящих</translation>
    </message>
    <message>
        <source>Copy reason</source>
        <translation>Копировать причину</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>не настроен</translation>
    </message>
    <message>
        <source>never</source>
        <translation>не выполнялась</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) from the server could not be applied</source>
        <translation>
            <numerusform>%Ln запись с сервера не удалось применить</numerusform>
            <numerusform>%Ln записи с сервера не удалось применить</numerusform>
            <numerusform>%Ln записей с сервера не удалось применить</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Hide &amp;rows</source>
        <translation>Скрыть &amp;записи</translation>
    </message>
    <message>
        <source>No transfer in progress.</source>
        <translation>Передача не выполняется.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Sync unavailable — working offline</source>
        <translation>Синхронизация недоступна — автономная работа</translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Идёт синхронизация…</translation>
    </message>
    <message>
        <source>Reading the sync status…</source>
        <translation>Чтение состояния синхронизации…</translation>
    </message>
    <message>
        <source>Not registered with a server</source>
        <translation>Не зарегистрирован на сервере</translation>
    </message>
    <message>
        <source>Sync stopped — contact IT staff</source>
        <translation>Синхронизация остановлена — обратитесь к специалисту по ИТ</translation>
    </message>
    <message>
        <source>Log in online to resume sync</source>
        <translation>Для продолжения синхронизации войдите через сервер</translation>
    </message>
    <message>
        <source>Offline — next attempt at %1</source>
        <translation>Нет связи — следующая попытка в %1</translation>
    </message>
    <message>
        <source>Offline — will retry</source>
        <translation>Нет связи — повторная попытка будет выполнена</translation>
    </message>
    <message>
        <source>Online — items waiting to be sent</source>
        <translation>На связи — есть неотправленные элементы</translation>
    </message>
    <message>
        <source>Up to date · listening for news</source>
        <translation>Данные актуальны · ожидание новостей</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Данные актуальны</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На связи</translation>
    </message>
    <message>
        <source>Never synchronised</source>
        <translation>Синхронизация ещё не выполнялась</translation>
    </message>
    <message>
        <source>Last confirmed sync: %1</source>
        <translation>Последняя подтверждённая синхронизация: %1</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Утверждение</translation>
    </message>
    <message>
        <source>Return to the officer</source>
        <translation>Возврат исполнителю</translation>
    </message>
    <message>
        <source>Withdrawal</source>
        <translation>Отзыв</translation>
    </message>
    <message>
        <source>Hit</source>
        <translation>Совпадение</translation>
    </message>
    <message>
        <source>Case note</source>
        <translation>Запись по делу</translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation>Записи журнала аудита</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <source>Sending requests</source>
        <translation>Отправка запросов</translation>
    </message>
    <message>
        <source>Sending attachments</source>
        <translation>Отправка вложений</translation>
    </message>
    <message>
        <source>Receiving bulletins</source>
        <translation>Приём ориентировок</translation>
    </message>
    <message>
        <source>Receiving photos</source>
        <translation>Приём фотографий</translation>
    </message>
    <message>
        <source>Receiving full-size photos</source>
        <translation>Приём полноразмерных фотографий</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Ориентировка</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>Состояние запроса</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Фотография</translation>
    </message>
    <message>
        <source>Unknown kind</source>
        <translation>Неизвестный вид</translation>
    </message>
    <message>
        <source>The server gave it an impossible change number.</source>
        <translation>Сервер присвоил ей невозможный номер изменения.</translation>
    </message>
    <message>
        <source>The server gave it an impossible date and time.</source>
        <translation>Сервер указал для неё невозможные дату и время.</translation>
    </message>
    <message>
        <source>Its identifier is not valid.</source>
        <translation>Её идентификатор недействителен.</translation>
    </message>
    <message>
        <source>Its kind is unknown to this version.</source>
        <translation>Её вид неизвестен этой версии программы.</translation>
    </message>
    <message>
        <source>It holds text that cannot be stored (damaged characters).</source>
        <translation>Она содержит текст, который нельзя сохранить (повреждённые символы).</translation>
    </message>
    <message>
        <source>It is too large to be received over the link.</source>
        <translation>Она слишком велика для передачи по каналу связи.</translation>
    </message>
    <message>
        <source>Its content is incomplete or malformed.</source>
        <translation>Её содержимое неполно или искажено.</translation>
    </message>
    <message>
        <source>It holds values this PC cannot store (e.g. a number out of range).</source>
        <translation>Она содержит значения, которые этот компьютер не может сохранить (например, число вне допустимого диапазона).</translation>
    </message>
    <message>
        <source>It could not be used.</source>
        <translation>Её не удалось использовать.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ничего</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s), %1</source>
        <translation>
            <numerusform>%Ln элемент, %1</numerusform>
            <numerusform>%Ln элемента, %1</numerusform>
            <numerusform>%Ln элементов, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/с</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>осталось около %1</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync progress</source>
        <translation>Ход синхронизации</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Подробнее…</translation>
    </message>
    <message>
        <source>Sync details</source>
        <translation>Подробности синхронизации</translation>
    </message>
    <message>
        <source>Outbox empty</source>
        <translation>Исходящих нет</translation>
    </message>
    <message>
        <source>To send: %1</source>
        <translation>К отправке: %1</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>отклонено: %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Синхронизация: %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>не выполнялась</translation>
    </message>
    <message>
        <source>carried on USB: %1</source>
        <translation>на USB: %1</translation>
    </message>
</context>
<context>
    <name>UsbExchange</name>
    <message>
        <source>estimating the time left…</source>
        <translation>оценка оставшегося времени…</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>осталось около %1 мин</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>осталось около %1 с</translation>
    </message>
    <message>
        <source>USB exchange</source>
        <translation>Обмен через USB</translation>
    </message>
    <message>
        <source>Export for USB: choose the stick</source>
        <translation>Выгрузка на USB: выберите накопитель</translation>
    </message>
    <message>
        <source>Writing the bundle: %1</source>
        <translation>Запись пакета: %1</translation>
    </message>
    <message>
        <source>%1 items were written to %2. They are now shown as carried on USB until the regional server&apos;s return bundle is imported.</source>
        <translation>Записано элементов: %1, файл %2. До загрузки ответного пакета регионального сервера они отмечены как «на USB».</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Запись пакета…</translation>
    </message>
    <message>
        <source>District Desk files (*.ddsnap *.ddret *.ddout);;All files (*)</source>
        <translation>Файлы District Desk (*.ddsnap *.ddret *.ddout);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Snapshot passphrase</source>
        <translation>Пароль снимка</translation>
    </message>
    <message>
        <source>Passphrase of the snapshot (from IT staff):</source>
        <translation>Пароль снимка (у ИТ-службы):</translation>
    </message>
    <message>
        <source>Import a snapshot from USB</source>
        <translation>Загрузка снимка с USB</translation>
    </message>
    <message>
        <source>Import from USB</source>
        <translation>Загрузка с USB</translation>
    </message>
    <message>
        <source>Checking the snapshot</source>
        <translation>Проверка снимка</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Загрузка</translation>
    </message>
    <message>
        <source>This snapshot was imported before; nothing to do.</source>
        <translation>Этот снимок уже загружен; делать ничего не нужно.</translation>
    </message>
    <message>
        <source>The import was stopped; choose the same file again to resume it.</source>
        <translation>Загрузка прервана; выберите тот же файл снова, чтобы продолжить её.</translation>
    </message>
    <message>
        <source>Snapshot imported: %1 records. Sync now continues from it.</source>
        <translation>Снимок загружен: записей %1. Синхронизация продолжится с этого места.</translation>
    </message>
    <message>
        <source>Importing the snapshot…</source>
        <translation>Загрузка снимка…</translation>
    </message>
    <message>
        <source>Importing the return bundle: %1</source>
        <translation>Загрузка ответного пакета: %1</translation>
    </message>
    <message>
        <source>This return bundle was imported before; nothing to do.</source>
        <translation>Этот ответный пакет уже загружен; делать ничего не нужно.</translation>
    </message>
    <message>
        <source>Return bundle imported: %1 items confirmed by the server, %2 new records.</source>
        <translation>Ответный пакет загружен: сервер подтвердил элементов: %1, новых записей: %2.</translation>
    </message>
    <message>
        <source>Importing the return bundle…</source>
        <translation>Загрузка ответного пакета…</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Red notice (wanted)</source>
        <translation>Красный циркуляр (розыск)</translation>
    </message>
    <message>
        <source>Yellow notice (missing)</source>
        <translation>Жёлтый циркуляр (безвестно пропавший)</translation>
    </message>
    <message>
        <source>Blue notice (locate)</source>
        <translation>Синий циркуляр (установление местонахождения)</translation>
    </message>
    <message>
        <source>Black notice (unidentified body)</source>
        <translation>Чёрный циркуляр (неопознанный труп)</translation>
    </message>
    <message>
        <source>Green notice (warning)</source>
        <translation>Зелёный циркуляр (предупреждение)</translation>
    </message>
    <message>
        <source>Orange notice (threat)</source>
        <translation>Оранжевый циркуляр (угроза)</translation>
    </message>
    <message>
        <source>Purple notice (modus operandi)</source>
        <translation>Фиолетовый циркуляр (способ совершения)</translation>
    </message>
    <message>
        <source>UN special notice</source>
        <translation>Специальный циркуляр ООН</translation>
    </message>
    <message>
        <source>Stolen vehicle</source>
        <translation>Похищенное ТС</translation>
    </message>
    <message>
        <source>Stolen document</source>
        <translation>Похищенный документ</translation>
    </message>
    <message>
        <source>National alert</source>
        <translation>Национальная ориентировка</translation>
    </message>
    <message>
        <source>Regional alert</source>
        <translation>Региональная ориентировка</translation>
    </message>
    <message>
        <source>Request for information</source>
        <translation>Запрос информации</translation>
    </message>
    <message>
        <source>Locate a person</source>
        <translation>Установление местонахождения</translation>
    </message>
    <message>
        <source>Document check</source>
        <translation>Проверка документа</translation>
    </message>
    <message>
        <source>Vehicle check</source>
        <translation>Проверка ТС</translation>
    </message>
    <message>
        <source>Hit notification</source>
        <translation>Сообщение о совпадении</translation>
    </message>
    <message>
        <source>Arrest request</source>
        <translation>Запрос о задержании</translation>
    </message>
    <message>
        <source>Reply to a foreign request</source>
        <translation>Ответ на иностранный запрос</translation>
    </message>
    <message>
        <source>Routine</source>
        <translation>Обычная</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Срочно</translation>
    </message>
    <message>
        <source>Immediate</source>
        <translation>Немедленно</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>На утверждении</translation>
    </message>
    <message>
        <source>Returned for changes</source>
        <translation>Возвращён на доработку</translation>
    </message>
    <message>
        <source>Approved (held)</source>
        <translation>Утверждён (отложен)</translation>
    </message>
    <message>
        <source>In outbox, not yet sent</source>
        <translation>В исходящих, ещё не отправлен</translation>
    </message>
    <message>
        <source>Received by the server</source>
        <translation>Принят сервером</translation>
    </message>
    <message>
        <source>Acknowledged by recipient</source>
        <translation>Получение подтверждено адресатом</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>С ответом</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрыт</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Отозван</translation>
    </message>
    <message>
        <source>Rejected by the server</source>
        <translation>Отклонён сервером</translation>
    </message>
    <message>
        <source>Unrestricted</source>
        <translation>Без ограничений</translation>
    </message>
    <message>
        <source>Law enforcement only</source>
        <translation>Только для правоохранительных органов</translation>
    </message>
    <message>
        <source>Restricted: named recipients only</source>
        <translation>Ограниченный: только указанным адресатам</translation>
    </message>
    <message>
        <source>Not to be passed on without the source&apos;s consent</source>
        <translation>Без согласия источника не передавать</translation>
    </message>
    <message>
        <source>UNRESTRICTED</source>
        <translation>БЕЗ ОГРАНИЧЕНИЙ</translation>
    </message>
    <message>
        <source>LAW ENFORCEMENT USE ONLY</source>
        <translation>ТОЛЬКО ДЛЯ ПРАВООХРАНИТЕЛЬНЫХ ОРГАНОВ</translation>
    </message>
    <message>
        <source>RESTRICTED — NAMED RECIPIENTS ONLY</source>
        <translation>ОГРАНИЧЕННОГО РАСПРОСТРАНЕНИЯ — ТОЛЬКО УКАЗАННЫМ АДРЕСАТАМ</translation>
    </message>
    <message>
        <source>NO FURTHER DISSEMINATION WITHOUT THE SOURCE&apos;S CONSENT</source>
        <translation>ДАЛЬНЕЙШАЯ ПЕРЕДАЧА БЕЗ СОГЛАСИЯ ИСТОЧНИКА ЗАПРЕЩЕНА</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Руководитель</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <source>open</source>
        <translation>в производстве</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>прекращено</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>приостановлено</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>фигурант</translation>
    </message>
    <message>
        <source>suspect</source>
        <translation>подозреваемый</translation>
    </message>
    <message>
        <source>victim</source>
        <translation>потерпевший</translation>
    </message>
    <message>
        <source>witness</source>
        <translation>свидетель</translation>
    </message>
    <message>
        <source>missing person</source>
        <translation>без вести пропавший</translation>
    </message>
    <message>
        <source>wanted person</source>
        <translation>разыскиваемый</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 Б</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 КБ</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <source>passport</source>
        <translation>паспорт</translation>
    </message>
    <message>
        <source>identity card</source>
        <translation>удостоверение личности</translation>
    </message>
    <message>
        <source>driving licence</source>
        <translation>водительское удостоверение</translation>
    </message>
    <message>
        <source>vehicle registration certificate</source>
        <translation>свидетельство о регистрации ТС</translation>
    </message>
    <message>
        <source>document</source>
        <translation>документ</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлен</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>This PC only</source>
        <translation>Только этот ПК</translation>
    </message>
    <message>
        <source>Another supervisor returned the request first.</source>
        <translation>Другой руководитель раньше вернул запрос.</translation>
    </message>
    <message>
        <source>The request was withdrawn first.</source>
        <translation>Запрос был отозван раньше.</translation>
    </message>
    <message>
        <source>Another supervisor approved the request first.</source>
        <translation>Другой руководитель раньше утвердил запрос.</translation>
    </message>
    <message>
        <source>Another supervisor released the request first.</source>
        <translation>Другой руководитель раньше выпустил запрос на отправку.</translation>
    </message>
    <message>
        <source>The regional server had already received the request.</source>
        <translation>Региональный сервер уже получил запрос.</translation>
    </message>
    <message>
        <source>The draft was changed on another PC first; your version is kept.</source>
        <translation>Черновик раньше изменили на другом ПК; ваша версия сохранена.</translation>
    </message>
    <message>
        <source>The request was submitted from another PC first.</source>
        <translation>Запрос раньше направили на утверждение с другого ПК.</translation>
    </message>
    <message>
        <source>The regional server had already refused the request.</source>
        <translation>Региональный сервер уже отклонил запрос.</translation>
    </message>
    <message>
        <source>An earlier action on another PC took precedence.</source>
        <translation>Приоритет получило более раннее действие на другом ПК.</translation>
    </message>
    <message>
        <source>The action was not allowed when it reached the office.</source>
        <translation>Действие оказалось недопустимым, когда дошло до отдела.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>District Desk cannot start</source>
        <translation>District Desk не может быть запущен</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>Код: %1</translation>
    </message>
    <message>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Your saved work is safe. Please give this file to IT staff: %1</source>
        <translation>Произошла непредвиденная ошибка. Сохранённые данные не пострадали. Передайте этот файл специалисту по ИТ: %1</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Recipients</source>
        <translation>Адресаты</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Объекты запроса</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <source>Handling code</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>Обязательное поле.</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>Слишком длинное значение.</translation>
    </message>
    <message>
        <source>No more than %1 are allowed.</source>
        <translation>Допускается не более %1.</translation>
    </message>
    <message>
        <source>The date is in the past.</source>
        <translation>Дата уже прошла.</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>Недопустимое значение.</translation>
    </message>
    <message>
        <source>A subject is incomplete; remove it and add it again.</source>
        <translation>Объект запроса указан не полностью; удалите его и добавьте снова.</translation>
    </message>
    <message>
        <source>This name is already in use.</source>
        <translation>Это имя уже занято.</translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s) are required.</source>
        <translation>
            <numerusform>Требуется не менее %n символа.</numerusform>
            <numerusform>Требуется не менее %n символов.</numerusform>
            <numerusform>Требуется не менее %n символов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This is too long (at most %n character(s)).</source>
        <translation>
            <numerusform>Слишком длинное значение (не более %n символа).</numerusform>
            <numerusform>Слишком длинное значение (не более %n символов).</numerusform>
            <numerusform>Слишком длинное значение (не более %n символов).</numerusform>
        </translation>
    </message>
    <message>
        <source>The local database cannot be used. Contact IT staff.</source>
        <translation>Локальная база данных недоступна. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The local database is damaged. Contact IT staff; do not delete the data folder.</source>
        <translation>Локальная база данных повреждена. Обратитесь к специалисту по ИТ; не удаляйте папку данных.</translation>
    </message>
    <message>
        <source>The local database cannot be decrypted with the key held on this PC. Contact IT staff.</source>
        <translation>Локальную базу данных невозможно расшифровать ключом, хранящимся на этом компьютере. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The local database was written by a newer version of District Desk. Install the newer version.</source>
        <translation>Локальная база данных создана более новой версией District Desk. Установите новую версию.</translation>
    </message>
    <message>
        <source>The data folder cannot be written to. Contact IT staff.</source>
        <translation>Запись в папку данных невозможна. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>Диск заполнен. Ничего не сохранено; освободите место и повторите.</translation>
    </message>
    <message>
        <source>A stored file is damaged and cannot be opened.</source>
        <translation>Сохранённый файл повреждён и не может быть открыт.</translation>
    </message>
    <message>
        <source>The Windows credential store cannot be used. Contact IT staff.</source>
        <translation>Хранилище учётных данных Windows недоступно. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>No secure credential store is available on this PC. Contact IT staff.</source>
        <translation>На этом компьютере нет защищённого хранилища учётных данных. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The key of the local database is missing from the credential store. Contact IT staff.</source>
        <translation>Ключ локальной базы данных отсутствует в хранилище учётных данных. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The integrity check found damage in the local database (%1). IT staff: do not delete the data folder; copy it first, then restore the last backup or enrol this PC again.</source>
        <translation>Проверка целостности нашла повреждения в локальной базе данных (%1). ИТ-специалистам: не удаляйте папку данных — сначала скопируйте её, затем восстановите последнюю резервную копию или зарегистрируйте этот компьютер заново.</translation>
    </message>
    <message>
        <source>The local database is older than what the regional server already received: recent work was lost (an older copy restored, or a disk or power failure). Synchronisation is stopped. IT staff: do not delete the data folder; contact the regional operator.</source>
        <translation>Локальная база данных старее того, что уже получил региональный сервер: последняя работа потеряна (восстановлена старая копия или был сбой диска или питания). Синхронизация остановлена. ИТ-специалистам: не удаляйте папку данных; свяжитесь с оператором регионального сервера.</translation>
    </message>
    <message>
        <source>The site configuration %1 is not saved as UTF-8 text (line %2). IT staff: open it in a text editor and save it again as UTF-8.</source>
        <translation>Файл настроек площадки %1 сохранён не в кодировке UTF-8 (строка %2). ИТ-специалистам: откройте его в текстовом редакторе и сохраните заново в UTF-8.</translation>
    </message>
    <message>
        <source>The site configuration is wrong (%1, line %2). Contact IT staff.</source>
        <translation>Ошибка в настройках подразделения (%1, строка %2). Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Неверное имя пользователя или пароль.</translation>
    </message>
    <message>
        <source>This user has not logged in on this PC yet. The first login on a PC goes through the regional server: ask IT staff to connect this PC to it.</source>
        <translation>Этот пользователь ещё не входил на этом ПК. Первый вход на ПК выполняется через региональный сервер: попросите сотрудников ИТ подключить к нему этот ПК.</translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. A supervisor or IT staff must unlock it.</source>
        <translation>Учётная запись заблокирована после многократного ввода неверного пароля. Разблокировать её может руководитель или специалист по ИТ.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>У вас нет прав на это действие.</translation>
    </message>
    <message>
        <source>Your signing key on this PC is damaged. Contact IT staff.</source>
        <translation>Ваш ключ электронной подписи на этом компьютере повреждён. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The record no longer exists. It may have been removed by the server.</source>
        <translation>Запись больше не существует. Возможно, она удалена сервером.</translation>
    </message>
    <message>
        <source>This action is not allowed.</source>
        <translation>Это действие не допускается.</translation>
    </message>
    <message>
        <source>This action is not possible while the request is “%1”.</source>
        <translation>Это действие невозможно, пока запрос в состоянии «%1».</translation>
    </message>
    <message>
        <source>You drafted this request, so you cannot approve or return it. Another supervisor must review it.</source>
        <translation>Вы составили этот запрос, поэтому не можете его утвердить или вернуть. Его должен рассмотреть другой руководитель.</translation>
    </message>
    <message>
        <source>Only a supervisor can do this.</source>
        <translation>Это действие доступно только руководителю.</translation>
    </message>
    <message>
        <source>Only a supervisor of the request&apos;s own office can do this.</source>
        <translation>Это действие доступно только руководителю подразделения, составившего запрос.</translation>
    </message>
    <message>
        <source>Only the officer who drafted the request can do this.</source>
        <translation>Это действие доступно только составителю запроса.</translation>
    </message>
    <message>
        <source>Please give a reason.</source>
        <translation>Укажите причину.</translation>
    </message>
    <message>
        <source>This request has been queued or sent and can no longer be changed. Make a copy to change it.</source>
        <translation>Запрос поставлен в очередь или отправлен и больше не может быть изменён. Для изменения создайте копию.</translation>
    </message>
    <message>
        <source>The request changed after you opened it. Review it again before approving.</source>
        <translation>Запрос изменился после того, как вы его открыли. Рассмотрите его повторно перед утверждением.</translation>
    </message>
    <message>
        <source>The request is already being sent and can no longer be withdrawn.</source>
        <translation>Запрос уже отправляется и не может быть отозван.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Synchronisation is not available in this version.</source>
        <translation>Синхронизация в этой версии недоступна.</translation>
    </message>
    <message>
        <source>The regional server cannot be reached. Your work is kept and will be sent when the link is back.</source>
        <translation>Региональный сервер недоступен. Ваши данные сохранены и будут отправлены после восстановления связи.</translation>
    </message>
    <message>
        <source>This PC is not registered with a regional server. Contact IT staff.</source>
        <translation>Компьютер не зарегистрирован на региональном сервере. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>Please log in again to synchronise.</source>
        <translation>Для синхронизации войдите в систему повторно.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) from the regional server could not be stored and were skipped; everything else was updated. IT staff can see them in the sync status.</source>
        <translation>
            <numerusform>%n запись от регионального сервера не удалось сохранить, она пропущена; всё остальное обновлено. Специалист по ИТ видит её в состоянии синхронизации.</numerusform>
            <numerusform>%n записи от регионального сервера не удалось сохранить, они пропущены; всё остальное обновлено. Специалист по ИТ видит их в состоянии синхронизации.</numerusform>
            <numerusform>%n записей от регионального сервера не удалось сохранить, они пропущены; всё остальное обновлено. Специалист по ИТ видит их в состоянии синхронизации.</numerusform>
        </translation>
    </message>
    <message>
        <source>A synchronisation is already running.</source>
        <translation>Синхронизация уже выполняется.</translation>
    </message>
    <message>
        <source>The synchronisation was stopped; it will continue later.</source>
        <translation>Синхронизация остановлена; она продолжится позже.</translation>
    </message>
    <message>
        <source>The synchronisation failed; it will be tried again.</source>
        <translation>Синхронизация не удалась; попытка будет повторена.</translation>
    </message>
    <message>
        <source>Synchronisation has stopped and needs IT staff (wrong server, version or a disconnected PC).</source>
        <translation>Синхронизация остановлена; требуется специалист по ИТ (неверный сервер, версия или отключённый компьютер).</translation>
    </message>
    <message>
        <source>An internal error stopped the synchronisation. Details are in the log file; please tell IT staff.</source>
        <translation>Синхронизация прервана внутренней ошибкой. Подробности в журнале; сообщите специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate could not be verified. IT staff: check the server&apos;s certificate and the CA bundle named in site.toml.</source>
        <translation>Не удалось проверить сертификат регионального сервера. ИТ-специалистам: проверьте сертификат сервера и файл корневых сертификатов, указанный в site.toml.</translation>
    </message>
    <message>
        <source>The regional server presented a self-signed certificate that this PC does not trust. IT staff: install a certificate issued by the site&apos;s CA on the server, or put the server&apos;s CA in the CA bundle named in site.toml.</source>
        <translation>Региональный сервер предъявил самоподписанный сертификат, которому этот компьютер не доверяет. ИТ-специалистам: установите на сервер сертификат, выданный удостоверяющим центром площадки, или добавьте сертификат центра сервера в файл корневых сертификатов, указанный в site.toml.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate was issued for another host name than the server address in site.toml. IT staff: use the name the certificate was issued for, or issue a certificate for this name.</source>
        <translation>Сертификат регионального сервера выдан на другое имя узла, чем адрес сервера в site.toml. ИТ-специалистам: укажите имя, на которое выдан сертификат, или выпустите сертификат на это имя.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate has expired or is not valid yet. IT staff: renew the certificate on the server, and check the date and time of this PC.</source>
        <translation>Срок действия сертификата регионального сервера истёк или ещё не наступил. ИТ-специалистам: обновите сертификат на сервере и проверьте дату и время на этом компьютере.</translation>
    </message>
    <message>
        <source>The regional server&apos;s certificate was issued by an authority that is not in the site&apos;s CA bundle. IT staff: check the ca_bundle setting in site.toml.</source>
        <translation>Сертификат регионального сервера выдан удостоверяющим центром, которого нет в файле корневых сертификатов площадки. ИТ-специалистам: проверьте параметр ca_bundle в site.toml.</translation>
    </message>
    <message>
        <source>The regional server sent an answer that could not be used (damaged, too large or inconsistent). Nothing was changed; it will be tried again. If this keeps happening, tell IT staff.</source>
        <translation>Региональный сервер прислал ответ, который нельзя использовать (повреждён, слишком велик или противоречив). Ничего не изменено; попытка будет повторена. Если это повторяется, сообщите специалисту по ИТ.</translation>
    </message>
    <message>
        <source>District Desk must copy the local database before upgrading it, and the disk does not have room for the copy: %1 MB are needed, %2 MB are free. Nothing was changed. Free some space, then start District Desk again.</source>
        <translation>Перед обновлением District Desk должен сделать копию локальной базы данных, а на диске для неё нет места: нужно %1 МБ, свободно %2 МБ. Ничего не изменено. Освободите место и снова запустите District Desk.</translation>
    </message>
    <message>
        <source>The regional server, or a proxy in front of it, sent the request elsewhere. Nothing was sent there; it will be tried again. If this keeps happening, tell IT staff.</source>
        <translation>Региональный сервер или прокси перед ним перенаправил запрос в другое место. Туда ничего не отправлено; попытка будет повторена. Если это повторяется, сообщите специалисту по ИТ.</translation>
    </message>
    <message>
        <source>Data from the regional server did not carry the publisher&apos;s valid signature (altered on the way, or not issued by the publisher). None of it was applied; it will be tried again. Tell IT staff: this can be a sign of tampering.</source>
        <translation>Данные с регионального сервера не имеют действительной подписи издателя (изменены в пути или выпущены не издателем). Ничего из них не применено; попытка будет повторена. Сообщите ИТ-специалистам: это может быть признаком подделки.</translation>
    </message>
    <message>
        <source>The regional server had an internal fault. Your work is kept; it will be tried again.</source>
        <translation>На региональном сервере произошёл внутренний сбой. Ваша работа сохранена; попытка будет повторена.</translation>
    </message>
    <message>
        <source>Its change number is out of range.</source>
        <translation>Номер изменения вне допустимого диапазона.</translation>
    </message>
    <message>
        <source>Its date is out of range.</source>
        <translation>Дата вне допустимого диапазона.</translation>
    </message>
    <message>
        <source>Its identifier is invalid.</source>
        <translation>Недопустимый идентификатор.</translation>
    </message>
    <message>
        <source>It is of a kind this version does not know.</source>
        <translation>Запись такого вида неизвестна этой версии программы.</translation>
    </message>
    <message>
        <source>It contains text that cannot be stored.</source>
        <translation>Содержит текст, который невозможно сохранить.</translation>
    </message>
    <message>
        <source>It is too large to be sent over the link.</source>
        <translation>Слишком велика для передачи по каналу связи.</translation>
    </message>
    <message>
        <source>Its content is invalid (a missing field or a value out of range).</source>
        <translation>Недопустимое содержимое (нет обязательного поля или значение вне диапазона).</translation>
    </message>
    <message>
        <source>The local database refused its content.</source>
        <translation>Локальная база данных не приняла её содержимое.</translation>
    </message>
    <message>
        <source>Something on the network answered instead of the regional server (a captive portal or a proxy&apos;s login page?). Nothing was sent or changed; it will be tried again.</source>
        <translation>Вместо регионального сервера ответило что-то другое в сети (страница авторизации сети или прокси?). Ничего не отправлено и не изменено; попытка будет повторена.</translation>
    </message>
    <message>
        <source>The regional server refused the request.</source>
        <translation>Региональный сервер отклонил обращение.</translation>
    </message>
    <message>
        <source>The regional server is busy; it will be tried again.</source>
        <translation>Региональный сервер занят; попытка будет повторена.</translation>
    </message>
    <message>
        <source>The link is too slow or was cut; the transfer will resume where it stopped.</source>
        <translation>Канал связи слишком медленный или прерван; передача продолжится с места остановки.</translation>
    </message>
    <message>
        <source>The enrolment code is wrong, already used or expired. Ask the server&apos;s operator for a new code.</source>
        <translation>Код регистрации неверен, уже использован или просрочен. Запросите новый код у оператора сервера.</translation>
    </message>
    <message>
        <source>Enter the one-time enrolment code.</source>
        <translation>Введите одноразовый код регистрации.</translation>
    </message>
    <message>
        <source>The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD.</source>
        <translation>Код состоит только из латинских букв, цифр и дефисов, например 7QK3-MX9P-44TD.</translation>
    </message>
    <message>
        <source>Enter the address of the regional server.</source>
        <translation>Введите адрес регионального сервера.</translation>
    </message>
    <message>
        <source>The address must start with https://, e.g. https://sync.region.example.</source>
        <translation>Адрес должен начинаться с https://, например https://sync.region.example.</translation>
    </message>
    <message>
        <source>Plain http:// is only allowed on this PC itself; use https://.</source>
        <translation>Простой http:// допустим только на самом этом ПК; используйте https://.</translation>
    </message>
    <message>
        <source>This file does not exist.</source>
        <translation>Такого файла нет.</translation>
    </message>
    <message>
        <source>The regional server cannot be reached at this address. Check the address and the link, then try again.</source>
        <translation>Региональный сервер недоступен по этому адресу. Проверьте адрес и связь и повторите попытку.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified. Check the CA bundle file with IT staff.</source>
        <translation>Не удалось проверить сертификат сервера. Проверьте файл сертификатов ЦС вместе с сотрудниками ИТ.</translation>
    </message>
    <message>
        <source>The regional server speaks another protocol version. Install the District Desk version that matches the server.</source>
        <translation>Региональный сервер использует другую версию протокола. Установите версию District Desk, соответствующую серверу.</translation>
    </message>
    <message>
        <source>The address did not answer as a District Desk regional server (a proxy or login page?). Check the address.</source>
        <translation>По этому адресу ответил не региональный сервер District Desk (прокси или страница входа?). Проверьте адрес.</translation>
    </message>
    <message>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>Совпадение при слабом соответствии можно зафиксировать только после вашей личной проверки.</translation>
    </message>
    <message>
        <source>This record is not part of a bulletin; a hit needs a bulletin.</source>
        <translation>Запись не относится к ориентировке; совпадение фиксируется только по ориентировке.</translation>
    </message>
    <message>
        <source>The regional server is busy or unavailable; it will be tried again.</source>
        <translation>Региональный сервер занят или недоступен; попытка будет повторена.</translation>
    </message>
    <message>
        <source>The regional server asked to wait; it will be tried again.</source>
        <translation>Региональный сервер попросил подождать; попытка будет повторена.</translation>
    </message>
    <message>
        <source>The server did not accept the user name or password.</source>
        <translation>Сервер не принял имя пользователя или пароль.</translation>
    </message>
    <message>
        <source>The regional server has locked logins for this user or this PC after too many wrong passwords. Wait, or ask the regional operator to unlock it.</source>
        <translation>Региональный сервер заблокировал вход для этого пользователя или этого компьютера после слишком многих неверных паролей. Подождите или попросите оператора регионального сервера снять блокировку.</translation>
    </message>
    <message>
        <source>The regional server needs a newer version of District Desk. Contact IT staff.</source>
        <translation>Региональному серверу требуется более новая версия District Desk. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>This PC is configured for another server. Contact IT staff.</source>
        <translation>Компьютер настроен на другой сервер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The server does not know this PC. Contact IT staff.</source>
        <translation>Сервер не знает этот компьютер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>This PC has been disconnected by the regional server. Contact IT staff.</source>
        <translation>Региональный сервер отключил этот компьютер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The enrolment code is wrong or expired.</source>
        <translation>Код регистрации неверен или истёк.</translation>
    </message>
    <message>
        <source>The server holds a different item with the same number.</source>
        <translation>На сервере есть другое отправление с тем же номером.</translation>
    </message>
    <message>
        <source>An attachment has not reached the server yet; it will be tried again.</source>
        <translation>Вложение ещё не поступило на сервер; попытка будет повторена.</translation>
    </message>
    <message>
        <source>The server could not read this item.</source>
        <translation>Сервер не смог прочитать это отправление.</translation>
    </message>
    <message>
        <source>The server does not know the user who made this item.</source>
        <translation>Сервер не знает пользователя, создавшего это отправление.</translation>
    </message>
    <message>
        <source>The user belongs to another office.</source>
        <translation>Пользователь относится к другому подразделению.</translation>
    </message>
    <message>
        <source>The server refused: the request was approved by the person who drafted it.</source>
        <translation>Сервер отказал: запрос утверждён его же составителем.</translation>
    </message>
    <message>
        <source>The server refused: the approver is not a supervisor.</source>
        <translation>Сервер отказал: утвердивший не является руководителем.</translation>
    </message>
    <message>
        <source>The server refused: the request differs from what was approved.</source>
        <translation>Сервер отказал: запрос отличается от утверждённого.</translation>
    </message>
    <message>
        <source>The server refused: the approval is missing.</source>
        <translation>Сервер отказал: отсутствует утверждение.</translation>
    </message>
    <message>
        <source>The server refused: the approval is not valid.</source>
        <translation>Сервер отказал: утверждение недействительно.</translation>
    </message>
    <message>
        <source>The server does not know this request.</source>
        <translation>Сервер не знает этот запрос.</translation>
    </message>
    <message>
        <source>The request was withdrawn.</source>
        <translation>Запрос отозван.</translation>
    </message>
    <message>
        <source>The request is already closed.</source>
        <translation>Запрос уже закрыт.</translation>
    </message>
    <message>
        <source>The server refused: the item is not signed.</source>
        <translation>Сервер отказал: отправление не подписано.</translation>
    </message>
    <message>
        <source>The server refused: the signature is not valid.</source>
        <translation>Сервер отказал: подпись недействительна.</translation>
    </message>
    <message>
        <source>The server refused: the signature was used before.</source>
        <translation>Сервер отказал: подпись уже использовалась.</translation>
    </message>
    <message>
        <source>The server does not know the signing key of this user. Log in online once to register it.</source>
        <translation>Сервер не знает ключ подписи этого пользователя. Один раз войдите через сервер, чтобы зарегистрировать его.</translation>
    </message>
    <message>
        <source>The server does not know the bulletin.</source>
        <translation>Сервер не знает эту ориентировку.</translation>
    </message>
    <message>
        <source>The server does not know the case.</source>
        <translation>Сервер не знает это дело.</translation>
    </message>
    <message>
        <source>The audit log of this PC failed verification. Contact IT staff.</source>
        <translation>Журнал аудита этого компьютера не прошёл проверку. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <source>The item is too large for the server.</source>
        <translation>Отправление слишком велико для сервера.</translation>
    </message>
    <message>
        <source>%1 is not a District Desk snapshot.</source>
        <translation>%1 не является снимком District Desk.</translation>
    </message>
    <message>
        <source>The snapshot was written by a newer regional server. Update District Desk.</source>
        <translation>Снимок создан более новой версией регионального сервера. Обновите District Desk.</translation>
    </message>
    <message>
        <source>The site configuration has no snapshot key (snapshot_public_key). Contact IT staff.</source>
        <translation>В конфигурации объекта нет ключа снимков (snapshot_public_key). Обратитесь в ИТ-службу.</translation>
    </message>
    <message>
        <source>The snapshot is not signed by this site&apos;s regional server. Nothing was imported.</source>
        <translation>Снимок не подписан региональным сервером этого объекта. Ничего не импортировано.</translation>
    </message>
    <message>
        <source>The snapshot is incomplete (a part is missing or cut short). Copy all its parts again. Nothing was imported.</source>
        <translation>Снимок неполный (часть отсутствует или обрезана). Скопируйте все его части заново. Ничего не импортировано.</translation>
    </message>
    <message>
        <source>The snapshot was altered or damaged. Copy it again. Nothing was imported.</source>
        <translation>Снимок изменён или повреждён. Скопируйте его заново. Ничего не импортировано.</translation>
    </message>
    <message>
        <source>The passphrase does not open this snapshot.</source>
        <translation>Парольная фраза не подходит к этому снимку.</translation>
    </message>
    <message>
        <source>The snapshot comes from another regional server. Nothing was imported.</source>
        <translation>Снимок получен с другого регионального сервера. Ничего не импортировано.</translation>
    </message>
    <message>
        <source>The snapshot holds data of office %1, not of this office. Nothing was imported.</source>
        <translation>Снимок содержит данные подразделения %1, а не этого подразделения. Ничего не импортировано.</translation>
    </message>
    <message>
        <source>This PC already holds newer data than the snapshot. Nothing was imported.</source>
        <translation>На этом компьютере уже есть более новые данные, чем в снимке. Ничего не импортировано.</translation>
    </message>
    <message>
        <source>The snapshot file cannot be read.</source>
        <translation>Файл снимка не удаётся прочитать.</translation>
    </message>
    <message>
        <source>The operation failed (code %1).</source>
        <translation>Операция не выполнена (код %1).</translation>
    </message>
    <message>
        <source>A file could not be read or written (%1).</source>
        <translation>Не удалось прочитать или записать файл (%1).</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Details were written to the log file; please tell IT staff.</source>
        <translation>Произошла непредвиденная ошибка. Подробности записаны в журнал; сообщите специалисту по ИТ.</translation>
    </message>
    <message>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>Код: %1</translation>
    </message>
    <message>
        <source>%1 is not a District Desk return bundle or snapshot.</source>
        <translation>%1 не является ответным пакетом или снимком District Desk.</translation>
    </message>
    <message>
        <source>The bundle was written by a newer version. Update District Desk.</source>
        <translation>Пакет создан более новой версией. Обновите District Desk.</translation>
    </message>
    <message>
        <source>The bundle is incomplete (a part is missing or cut short). Copy all its parts again. Nothing was imported.</source>
        <translation>Пакет неполный (часть отсутствует или обрезана). Скопируйте все его части заново. Ничего не загружено.</translation>
    </message>
    <message>
        <source>The bundle was altered or damaged. Copy it again. Nothing was imported.</source>
        <translation>Пакет изменён или повреждён. Скопируйте его заново. Ничего не загружено.</translation>
    </message>
    <message>
        <source>The bundle is not signed by this site&apos;s regional server. Nothing was imported.</source>
        <translation>Пакет не подписан региональным сервером этого объекта. Ничего не загружено.</translation>
    </message>
    <message>
        <source>The bundle is addressed to another PC or server. Nothing was imported.</source>
        <translation>Пакет предназначен другому компьютеру или серверу. Ничего не загружено.</translation>
    </message>
    <message>
        <source>The bundle file cannot be read.</source>
        <translation>Не удаётся прочитать файл пакета.</translation>
    </message>
    <message>
        <source>The bundle comes from another regional server. Nothing was imported.</source>
        <translation>Пакет получен от другого регионального сервера. Ничего не загружено.</translation>
    </message>
    <message>
        <source>The bundle was made for another PC. Nothing was imported.</source>
        <translation>Пакет создан для другого компьютера. Ничего не загружено.</translation>
    </message>
    <message>
        <source>This PC is not enrolled yet. Enrol it first.</source>
        <translation>Этот компьютер ещё не зарегистрирован. Сначала зарегистрируйте его.</translation>
    </message>
    <message>
        <source>This PC has no USB exchange keys yet. Ask IT staff to enrol it again.</source>
        <translation>У этого компьютера ещё нет ключей обмена через USB. Попросите ИТ-службу зарегистрировать его повторно.</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>Нет ничего для отправки.</translation>
    </message>
    <message>
        <source>The bundle could not be written (is the USB stick full or read-only?). Nothing was changed.</source>
        <translation>Не удалось записать пакет (накопитель заполнен или защищён от записи?). Ничего не изменено.</translation>
    </message>
    <message>
        <source>No items are carried in this bundle.</source>
        <translation>В этом пакете нет элементов в пути.</translation>
    </message>
    <message>
        <source>This is an outbox bundle: it is imported on the regional server, not on a PC.</source>
        <translation>Это исходящий пакет: его загружают на региональном сервере, а не на компьютере.</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>Page %1 of %2</source>
        <extracomment>Where the record&apos;s photo is found by the printed document.</extracomment>
        <translation>Стр. %1 из %2</translation>
    </message>
    <message>
        <source>Export to PDF</source>
        <translation>Экспорт в PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Файлы PDF (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n page(s) to %1.</source>
        <translation>
            <numerusform>Сохранена %n страница в файл %1.</numerusform>
            <numerusform>Сохранены %n страницы в файл %1.</numerusform>
            <numerusform>Сохранено %n страниц в файл %1.</numerusform>
        </translation>
    </message>
</context>
</TS>
