package org.beacon.replay.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.ConsoleWiring;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.console.ConsoleGateway;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.UserStore;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.signal.field.SignalFieldGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consoles end to end in a real headless Chromium (the Debian {@code chromium} and {@code chromium-driver}
 * that {@code ./beacon test} installs), against a real node, its journal on disk, the simulated signal cabinets
 * and the console gateway: a dispatcher logs in, a call arrives, its incident shows in the queue and on the map,
 * the dispatcher dispatches with one click, the unit's status changes on the board, a plate the dispatcher put on the
 * watchlist is read by a camera and the hit shows with its crop and the camera on the map, the traffic operator sees the
 * green wave and holds an intersection through the confirmation step, and the auditor scrubs back to before the
 * call and runs the verification; a dispatcher classifies an incident, edits, approves and cancels its area alert, drawn on
 * the map. Screenshots go to {@code target/screenshots/}.
 */
class ConsoleBrowserTest
{
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A place name with its diacritics: UTF-8 from the journal to the screen. */
    private static final String CAMERA_NAME = "Cổng chợ Bến Thành";

    @TempDir
    Path dir;

    private BeaconNode node;
    private AutoCloseable field;
    private AutoCloseable broadcast;
    private ConsoleGateway console;
    private CoreClient client;
    private final List<WebDriver> drivers = new java.util.ArrayList<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private long correlation;
    private SimulatedCity city;

    @BeforeEach
    void start() throws Exception
    {
        final NodeContext ctx = new NodeContext().dataDir(dir.resolve("data")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
        final Path users = dir.resolve("users");
        final UserStore store = new UserStore(users, SystemEpochClock.INSTANCE);
        store.put("dispatcher", Role.DISPATCHER, 101, "dispatcher-pw-1".toCharArray());
        store.put("traffic", Role.TRAFFIC, 201, "traffic-pw-12".toCharArray());
        store.put("auditor", Role.AUDITOR, 301, "auditor-pw-12".toCharArray());
        store.put("admin", Role.ADMIN, 401, "admin-pw-1234".toCharArray());
        node = BeaconNode.launch(ctx);
        field = SignalFieldGateway.launch(ctx.coreAddress(), CenterStateMachine.bundledSignalNetwork(), 5);
        final org.beacon.dispatch.alert.broadcast.CellNetwork cells =
            org.beacon.dispatch.alert.broadcast.CellNetwork.simulated(CenterStateMachine.bundledNetwork(), 112);
        broadcast = org.beacon.dispatch.alert.broadcast.BroadcastGateway.launch(ctx.coreAddress(), cells, null);
        console = ConsoleGateway.launch(ConsoleWiring.context(ctx, null, cells).bindAddress("127.0.0.1").port(0).usersFile(users));
        client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected() && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        city = new SimulatedCity(11, 24);
        for (int i = 0; i < city.unitCount(); i++)
        {
            offer(city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0));
        }
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws Exception
    {
        for (final WebDriver driver : drivers)
        {
            driver.quit();
        }
        if (null != client)
        {
            client.close();
        }
        if (null != console)
        {
            console.close();
        }
        if (null != field)
        {
            field.close();
        }
        if (null != broadcast)
        {
            broadcast.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    private void offer(final int length)
    {
        assertThat(client.offer(++correlation, buffer, 0, length)).isPositive();
    }

    private int encodeCall(final long callId)
    {
        final CallReceivedEncoder call = new CallReceivedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .agency(Agency.FIRE)
            .locationQuality(LocationQuality.USABLE)
            .locationMethod(LocationMethod.GNSS)
            .uncertaintyM(40)
            .confidencePct((short)95)
            .shape(LocationShape.CIRCLE)
            .locationProblem(LocationProblem.NONE)
            .fixSource(FixSource.SIP_PIDF_LO);
        call.location().latMicros(SimulatedCity.CENTER_LAT_MICROS + 3_000).lonMicros(SimulatedCity.CENTER_LON_MICROS - 2_000);
        call.caller("+84907654321").sipCallId("e2e-" + callId).emergencyCallId("").locationReference("");
        return MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength();
    }

    private int encodeAmlFix(final long callId)
    {
        final org.beacon.codecs.LocationFixEncoder fix = new org.beacon.codecs.LocationFixEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .fixSource(FixSource.AML_HTTPS)
            .locationQuality(LocationQuality.USABLE)
            .locationMethod(LocationMethod.GNSS)
            .shape(LocationShape.CIRCLE)
            .locationProblem(LocationProblem.NONE)
            .uncertaintyM(8)
            .confidencePct((short)95)
            .fixTimeNs(0);
        fix.location().latMicros(SimulatedCity.CENTER_LAT_MICROS + 3_010).lonMicros(SimulatedCity.CENTER_LON_MICROS - 2_005);
        fix.caller("+84907654321").imsi("").imei("");
        return MessageHeaderEncoder.ENCODED_LENGTH + fix.encodedLength();
    }

    private int encodeCamera()
    {
        final org.beacon.codecs.CameraRegisteredEncoder e = new org.beacon.codecs.CameraRegisteredEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).cameraId(5);
        e.position().latMicros(SimulatedCity.CENTER_LAT_MICROS).lonMicros(SimulatedCity.CENTER_LON_MICROS);
        e.headingDeciDeg(900);
        e.zonesCount(0);
        e.name(CAMERA_NAME);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int encodePlateRead(final String plate, final String cropRef)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new org.beacon.codecs.PlateReadEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).cameraId(5).trackId(1).confidencePermille(910)
            .frameTimeNs(System.currentTimeMillis() * 1_000_000L).layout(org.beacon.codecs.PlateLayout.ONE_LINE)
            .plate(plate).cropRef(cropRef).encodedLength();
    }

    private WebDriver browser()
    {
        final File driverBinary = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        final File browserBinary = firstExisting("/usr/bin/chromium", "/usr/lib/chromium/chromium");
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(browserBinary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900",
            "--no-first-run", "--disable-extensions", "--user-data-dir=" + dir.resolve("chromium-" + drivers.size()));
        // the browser runs in UTC, as on a server: the consoles still show the center's time (+07:00)
        final ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary).usingAnyFreePort()
            .withEnvironment(java.util.Map.of("TZ", "UTC")).build();
        final ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    private static File firstExisting(final String... paths)
    {
        for (final String path : paths)
        {
            if (new File(path).canExecute())
            {
                return new File(path);
            }
        }
        throw new AssertionError("none of " + String.join(", ", paths) + " is installed: ./beacon test installs the Debian packages " +
            "chromium and chromium-driver");
    }

    private void logIn(final WebDriver driver, final String user, final String password, final String page)
    {
        driver.get("http://127.0.0.1:" + console.port() + "/");
        final WebDriverWait wait = tolerant(new WebDriverWait(driver, WAIT));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.urlContains(page));
        if (!page.startsWith("/audit") && !page.startsWith("/admin"))
        {
            // the live consoles: their WebSocket is up (the auditor's view is read from the journals on request)
            wait.until(ExpectedConditions.attributeToBe(By.id("conn-status"), "data-state", "live"));
        }
    }

    private static void screenshot(final WebDriver driver, final String name) throws Exception
    {
        final File shot = ((TakesScreenshot)driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aCallIsDispatchedFollowedOnTheTrafficConsoleAndAuditedBack() throws Exception
    {
        // the dispatcher is at the console before the call comes in
        final WebDriver dispatcher = browser();
        logIn(dispatcher, "dispatcher", "dispatcher-pw-1", "/dispatcher.html");
        final WebDriverWait wait = tolerant(new WebDriverWait(dispatcher, WAIT));
        wait.until(d -> !d.findElements(By.cssSelector("#unit-board tr.unit")).isEmpty());
        screenshot(dispatcher, "01-dispatcher-before-call");

        Thread.sleep(300);
        final long beforeCallMs = System.currentTimeMillis();
        Thread.sleep(300);
        offer(encodeCall(7001));

        // the incident appears in the queue and on the map
        final WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#incident-queue tr.incident")));
        final String incidentId = row.getAttribute("data-id");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .incident-marker.incident-" + incidentId)));
        row.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#incident-detail .call[data-id='7001']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .uncertainty")));
        final WebElement dispatch = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#recommendations button.dispatch")));
        final String unitId = dispatch.getAttribute("data-unit");
        screenshot(dispatcher, "02-dispatcher-incident-and-recommendations");

        // one action dispatches; the unit's status follows on the board
        dispatch.click();
        wait.until(d -> "DISPATCHED".equals(d.findElement(By.cssSelector("#unit-board tr.unit[data-id='" + unitId + "'] td.status"))
            .getAttribute("data-status")));
        // where the dispatcher clicked: the state machine's decision, not only the journal's Ack
        wait.until(ExpectedConditions.attributeToBe(By.id("dispatch-outcome"), "data-state", "accepted"));
        offer(city.encodeStatus((int)(Long.parseLong(unitId) - SimulatedCity.FIRST_UNIT_ID), UnitStatusCode.EN_ROUTE, buffer, 0));
        wait.until(d -> "EN_ROUTE".equals(d.findElement(By.cssSelector("#unit-board tr.unit[data-id='" + unitId + "'] td.status"))
            .getAttribute("data-status")));
        assertThat(dispatcher.findElement(By.cssSelector("#unit-board tr.unit[data-id='" + unitId + "'] td.status")).getText())
            .isEqualTo("Đang di chuyển");
        // the same DISPATCH again, as a click on a view that had not caught up would send it: refused, with its reason
        ((JavascriptExecutor)dispatcher).executeScript("Beacon.command({type: 'DISPATCH', incidentId: " + incidentId +
            ", unitId: " + unitId + "}, 'DISPATCH again', {outcomeIn: document.getElementById('dispatch-outcome')});");
        wait.until(ExpectedConditions.attributeToBe(By.id("dispatch-outcome"), "data-state", "refused"));
        assertThat(dispatcher.findElement(By.id("dispatch-outcome")).getAttribute("data-reason")).isEqualTo("UNIT_NOT_AVAILABLE");
        // in the page's own words: the catalogue's text for a refusal and for the reason
        final JavascriptExecutor page = (JavascriptExecutor)dispatcher;
        assertThat(dispatcher.findElement(By.id("dispatch-outcome")).getText())
            .contains((String)page.executeScript("return Beacon.t('enum.RejectReason.UNIT_NOT_AVAILABLE');"))
            .startsWith("DISPATCH again: ");
        screenshot(dispatcher, "03-dispatcher-unit-en-route");

        // the dispatcher watches a plate; a camera reads it: the hit shows with its crop and the camera on the map
        offer(encodeCamera());
        dispatcher.findElement(By.id("watch-plate")).sendKeys("51F-123.45");
        dispatcher.findElement(By.id("watch-add")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#watchlist .watch[data-plate='51F12345']")));
        final Path crop = dir.resolve("data").resolve("crops").resolve("cam5").resolve("plate-1.png");
        Files.createDirectories(crop.getParent());
        final java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(120, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(image, "png", crop.toFile());
        offer(encodePlateRead("51F-123.45", "cam5/plate-1.png"));
        final WebElement hit = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#camera-events .camera-event.hit")));
        assertThat(hit.getText()).contains("51F-123.45").contains("xe bị trộm").contains(CAMERA_NAME);
        assertThat(hit.findElement(By.cssSelector(".hit-facts")).getAttribute("data-reason")).isEqualTo("STOLEN");
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor)d).executeScript(
            "const i = document.querySelector('#camera-events .camera-event.hit img'); return !!i && i.complete && i.naturalWidth === 120;")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .camera-marker.camera-5")));
        screenshot(dispatcher, "03b-dispatcher-watchlist-hit");

        // the traffic operator sees the unit's green wave and holds an intersection, confirmed first
        final WebDriver traffic = browser();
        logIn(traffic, "traffic", "traffic-pw-12", "/traffic.html");
        final WebDriverWait trafficWait = tolerant(new WebDriverWait(traffic, WAIT));
        trafficWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#wave-list tr.wave[data-unit='" + unitId + "']")));
        trafficWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .wave-line")));
        screenshot(traffic, "04-traffic-green-wave");
        final WebElement intersection = trafficWait.until(ExpectedConditions.elementToBeClickable(
            By.cssSelector("#intersection-list tr.intersection[data-index='44']")));
        intersection.click();
        trafficWait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#intersection-detail button.cmd-hold"))).click();
        trafficWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        screenshot(traffic, "05-traffic-confirm-hold");
        traffic.findElement(By.id("confirm-yes")).click();
        trafficWait.until(d -> "HOLD".equals(d.findElement(By.cssSelector("#intersection-list tr.intersection[data-index='44'] td.mode"))
            .getAttribute("data-mode")));
        screenshot(traffic, "06-traffic-held");

        // the auditor scrubs back to before the call: no incident then; at the end it is there; replay verifies
        final WebDriver auditor = browser();
        logIn(auditor, "auditor", "auditor-pw-12", "/audit.html");
        final WebDriverWait auditWait = tolerant(new WebDriverWait(auditor, WAIT));
        auditWait.until(d -> Long.parseLong(d.findElement(By.id("scrubber")).getAttribute("max")) > beforeCallMs);
        scrubTo(auditor, Long.parseLong(auditor.findElement(By.id("scrubber")).getAttribute("max")));
        auditWait.until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#audit-incidents tr.incident[data-id='" + incidentId + "']")));
        scrubTo(auditor, beforeCallMs);
        auditWait.until(d -> d.findElements(By.cssSelector("#audit-incidents tr.incident")).isEmpty() &&
            !d.findElements(By.cssSelector("#audit-units tr.unit")).isEmpty());
        screenshot(auditor, "07-auditor-before-the-call");
        auditor.findElement(By.id("verify")).click();
        final WebElement verdict = auditWait.until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#verify-result[data-identical]")));
        screenshot(auditor, "08-auditor-verified");
        assertThat(verdict.getAttribute("data-identical")).as(verdict.getText()).isEqualTo("true");
        assertThat(verdict.getText()).contains("giống hệt");
    }

    @Test
    void theDispatcherClassifiesEditsApprovesAndCancelsAnAreaAlertOnTheMap() throws Exception
    {
        final WebDriver dispatcher = browser();
        logIn(dispatcher, "dispatcher", "dispatcher-pw-1", "/dispatcher.html");
        final WebDriverWait wait = tolerant(new WebDriverWait(dispatcher, WAIT));
        offer(encodeCall(7101));
        final WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#incident-queue tr.incident")));
        final String incidentId = row.getAttribute("data-id");
        row.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hazard-select")));

        // the hazard classifies the incident: a proposal shows, first in the panel, dashed on the map
        new org.openqa.selenium.support.ui.Select(dispatcher.findElement(By.id("hazard-select"))).selectByValue("FIRE");
        dispatcher.findElement(By.id("classify")).click();
        final WebElement proposal = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alert-proposals .alert-row")));
        final String alertId = proposal.getAttribute("data-alert");
        assertThat(proposal.getText()).contains("cháy").contains("sự vụ #" + incidentId).contains("bản 1");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .alert-inner.proposed.alert-" + alertId)));
        wait.until(d -> "FIRE".equals(d.findElement(By.id("hazard-current")).getAttribute("data-hazard")));
        assertThat(dispatcher.findElement(By.id("hazard-current")).getText()).contains("đã phân loại: cháy");
        screenshot(dispatcher, "09-dispatcher-alert-proposed");

        // edited: a wider inner zone, a new revision
        proposal.findElement(By.cssSelector("button.alert-edit")).click();
        final WebElement inner = wait.until(ExpectedConditions.visibilityOf(proposal.findElement(By.cssSelector("input.alert-inner-input"))));
        inner.clear();
        inner.sendKeys("400");
        proposal.findElement(By.cssSelector("button.alert-save")).click();
        wait.until(d -> "2".equals(d.findElement(By.cssSelector("#alert-proposals .alert-row[data-alert='" + alertId + "']"))
            .getAttribute("data-revision")));

        // approved: out, solid on the map, with its identifier
        dispatcher.findElement(By.cssSelector("#alert-proposals .alert-row[data-alert='" + alertId + "'] button.alert-approve")).click();
        final WebElement active = wait.until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#alert-active .alert-row[data-alert='" + alertId + "']")));
        wait.until(d -> !d.findElement(By.cssSelector("#alert-active .alert-row[data-alert='" + alertId + "'] .alert-identifier"))
            .getText().isBlank());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .alert-inner.active.alert-" + alertId)));
        assertThat(dispatcher.findElements(By.cssSelector("#map .alert-inner.proposed.alert-" + alertId))).isEmpty();
        assertThat(active.findElement(By.cssSelector("a.alert-cap")).getAttribute("href")).endsWith("/api/alerts/" + alertId + "/cap");
        assertThat(active.getText()).contains("vùng trong 400 m");
        // the broadcast gateway's report comes back through the journal: the cells it went out on, drawn on the map
        wait.until(d -> "BROADCAST".equals(d.findElement(By.cssSelector("#alert-active .alert-row[data-alert='" + alertId + "'] .alert-cells"))
            .getAttribute("data-outcome")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .alert-cell.alert-" + alertId)));
        screenshot(dispatcher, "10-dispatcher-alert-active");

        // cancelled, after the confirmation: off the map, into the history
        active.findElement(By.cssSelector("button.alert-cancel")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        dispatcher.findElement(By.id("confirm-yes")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#alert-history-list .alert-row[data-alert='" + alertId + "'][data-state='CANCELLED']")));
        wait.until(d -> d.findElements(By.cssSelector("#map .alert-zone.alert-" + alertId)).isEmpty());
        screenshot(dispatcher, "11-dispatcher-alert-cancelled");
    }

    /** A raw enum name as the journal spells it (UNIT_NOT_AVAILABLE, BLS_AMBULANCE, PREEMPT_DWELL ...). */
    private static final java.util.regex.Pattern RAW_ENUM = java.util.regex.Pattern.compile("\\b[A-Z]{2,}_[A-Z_]+\\b");
    /** A call id longer than any column would fit if it were cut. */
    private static final long LONG_CALL_ID = 98_765_432_101L;
    private static final java.time.ZoneId CENTER_ZONE = java.time.ZoneId.of("Asia/Ho_Chi_Minh");

    private static Object js(final WebDriver driver, final String script, final Object... args)
    {
        return ((JavascriptExecutor)driver).executeScript(script, args);
    }

    /** What the operator sees is words: no raw enum name, no missing-translation marker, in the page's language. */
    private static void assertWordsOnly(final WebDriver driver, final String page, final String lang)
    {
        assertThat(js(driver, "return document.documentElement.lang;")).as(page).isEqualTo(lang);
        final String text = (String)js(driver, "return document.body.innerText;");
        assertThat(RAW_ENUM.matcher(text).results().map(java.util.regex.MatchResult::group).distinct().toList())
            .as(page + " (" + lang + ") shows raw enum names").isEmpty();
        assertThat(text).as(page + " (" + lang + ") shows a missing translation").doesNotContain("\u27e6");
        assertThat(RAW_ENUM.matcher("DISPATCH rejected: UNIT_NOT_AVAILABLE").find()).as("the check can fail").isTrue();
    }

    private static void switchLanguage(final WebDriver driver, final String to)
    {
        final WebDriverWait wait = tolerant(new WebDriverWait(driver, WAIT));
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("lang-switch"))).click();
        wait.until(d -> to.equals(js(d, "return document.readyState === 'complete' ? document.documentElement.lang : '';")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lang-switch")));
    }

    private static String centerTime(final long epochMs, final String pattern)
    {
        return java.time.format.DateTimeFormatter.ofPattern(pattern).format(java.time.Instant.ofEpochMilli(epochMs).atZone(CENTER_ZONE));
    }

    @Test
    void everyPageSpeaksVietnameseFirstAndEnglishOnAClickWithTheCentersTimeWholeIdsAndTheFixSource() throws Exception
    {
        final WebDriver dispatcher = browser();
        // the sign-in page is Vietnamese before anyone signs in
        dispatcher.get("http://127.0.0.1:" + console.port() + "/");
        final WebDriverWait wait = tolerant(new WebDriverWait(dispatcher, WAIT));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(dispatcher.findElement(By.id("login")).getText()).isEqualTo("Đăng nhập");
        assertWordsOnly(dispatcher, "sign-in", "vi");
        logIn(dispatcher, "dispatcher", "dispatcher-pw-1", "/dispatcher.html");
        assertThat(js(dispatcher, "return new Date().getTimezoneOffset();")).as("the browser runs in UTC").isEqualTo(0L);
        wait.until(d -> !d.findElements(By.cssSelector("#unit-board tr.unit")).isEmpty());

        // a call from the handset's PIDF-LO, then the same handset's AML fix (8 m): the better one is shown, with its origin
        offer(encodeCall(LONG_CALL_ID));
        final WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#incident-queue tr.incident")));
        row.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#incident-detail .call[data-id='" + LONG_CALL_ID + "']")));
        offer(encodeAmlFix(LONG_CALL_ID));
        final By source = By.cssSelector("#incident-detail .call[data-id='" + LONG_CALL_ID + "'] .fix-source");
        wait.until(d -> "AML_HTTPS".equals(d.findElement(source).getAttribute("data-source")));
        assertThat(dispatcher.findElement(source).getAttribute("data-method")).isEqualTo("GNSS");
        assertThat(dispatcher.findElement(source).getText()).contains("AML qua HTTPS").contains("GNSS").contains("hình tròn");
        final WebElement call = dispatcher.findElement(By.cssSelector("#incident-detail .call[data-id='" + LONG_CALL_ID + "']"));
        assertThat(call.findElement(By.cssSelector(".fix-list")).getText()).contains("PIDF-LO trong cuộc gọi SIP").contains("AML qua HTTPS");
        // ids whole: the call's and every queue row's, none cut by its column
        assertThat(call.findElement(By.cssSelector(".cid")).getText()).isEqualTo("Cuộc gọi #" + LONG_CALL_ID);
        assertThat(js(dispatcher, "return Array.from(document.querySelectorAll('#incident-queue td.id, #unit-board td.callsign'))" +
            ".filter((td) => td.scrollWidth > td.clientWidth || (td.classList.contains('id') && td.innerText !== td.parentElement.dataset.id))" +
            ".map((td) => td.innerText);")).as("cut ids").asList().isEmpty();

        // times are the center's (+07:00) while the browser is in UTC
        final long receivedAtMs = ((Number)js(dispatcher, "return beaconDispatcher.model.get('call:' + arguments[0]).receivedAtMs;",
            String.valueOf(LONG_CALL_ID))).longValue();
        assertThat(call.findElement(By.cssSelector(".call-head")).getText()).contains(centerTime(receivedAtMs, "HH:mm:ss"));
        final long before = System.currentTimeMillis();
        final String clock = dispatcher.findElement(By.id("clock")).getText();
        final long after = System.currentTimeMillis() + 1000;
        assertThat(clock).endsWith("(UTC+07:00)");
        assertThat(clock).startsWith(clock.startsWith(centerTime(before, "HH:mm")) ? centerTime(before, "HH:mm") : centerTime(after, "HH:mm"));

        // words instead of enum names: a basic life support ambulance (the sixth unit of the city) on the board
        final By blsType = By.cssSelector("#unit-board tr.unit[data-id='" + (SimulatedCity.FIRST_UNIT_ID + 5) + "'] td.type");
        assertThat(dispatcher.findElement(blsType).getText()).isEqualTo("Xe cứu thương cơ bản");

        // the map: a scale bar, street names from the network, layer switches (routes off and on again)
        final WebElement dispatch = dispatcher.findElement(By.cssSelector("#recommendations button.dispatch"));
        final long unitId = Long.parseLong(dispatch.getAttribute("data-unit"));
        dispatch.click();
        wait.until(d -> "DISPATCHED".equals(d.findElement(By.cssSelector("#unit-board tr.unit[data-id='" + unitId + "'] td.status"))
            .getAttribute("data-status")));
        offer(city.encodeStatus((int)(unitId - SimulatedCity.FIRST_UNIT_ID), UnitStatusCode.EN_ROUTE, buffer, 0));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map path.route")));
        assertThat(dispatcher.findElement(By.cssSelector("#map .leaflet-control-scale-line")).getText()).matches("\\d+ k?m");
        js(dispatcher, "const m = beaconDispatcher.map; m.setView(m.getCenter(), 17, { animate: false });");
        wait.until(d -> !d.findElements(By.cssSelector("#map .street-label .street-name")).isEmpty());
        final List<String> streets = dispatcher.findElements(By.cssSelector("#map .street-label .street-name")).stream()
            .map(WebElement::getText).distinct().toList();
        assertThat(streets).as("street names with their diacritics").anyMatch(n -> !n.chars().allMatch(c -> c < 128));
        final By routesSwitch = By.xpath("//div[contains(@class,'leaflet-control-layers')]//label[contains(., 'Lộ trình')]//input");
        dispatcher.findElement(routesSwitch).click();
        wait.until(d -> d.findElements(By.cssSelector("#map path.route")).isEmpty());
        dispatcher.findElement(routesSwitch).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map path.route")));
        assertThat(dispatcher.findElements(By.cssSelector("#map .leaflet-control-layers label"))).hasSizeGreaterThanOrEqualTo(4);
        assertWordsOnly(dispatcher, "dispatcher", "vi");
        screenshot(dispatcher, "12-dispatcher-vi");

        // English a click away, and kept for the next page
        switchLanguage(dispatcher, "en");
        wait.until(ExpectedConditions.attributeToBe(By.id("conn-status"), "data-state", "live"));
        wait.until(d -> !d.findElements(By.cssSelector("#unit-board tr.unit")).isEmpty());
        assertThat(dispatcher.findElement(By.id("logout")).getText()).isEqualTo("Log out");
        assertThat(dispatcher.findElement(blsType).getText()).isEqualTo("Basic life support ambulance");
        dispatcher.findElement(By.cssSelector("#incident-queue tr.incident")).click();
        wait.until(d -> d.findElement(source).getText().contains("AML by HTTPS"));
        assertWordsOnly(dispatcher, "dispatcher", "en");
        screenshot(dispatcher, "13-dispatcher-en");
        dispatcher.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.id("conn-status"), "data-state", "live"));
        assertThat(js(dispatcher, "return document.documentElement.lang;")).as("the choice is kept").isEqualTo("en");

        // the traffic operator, the auditor and the admin: Vietnamese first, then English
        final WebDriver traffic = browser();
        logIn(traffic, "traffic", "traffic-pw-12", "/traffic.html");
        tolerant(new WebDriverWait(traffic, WAIT)).until(d -> d.findElements(By.cssSelector("#intersection-list tr.intersection")).size() > 10);
        tolerant(new WebDriverWait(traffic, WAIT)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#wave-list tr.wave")));
        assertWordsOnly(traffic, "traffic", "vi");
        switchLanguage(traffic, "en");
        tolerant(new WebDriverWait(traffic, WAIT)).until(d -> d.findElements(By.cssSelector("#intersection-list tr.intersection")).size() > 10);
        assertWordsOnly(traffic, "traffic", "en");

        final WebDriver auditor = browser();
        logIn(auditor, "auditor", "auditor-pw-12", "/audit.html");
        final WebDriverWait auditWait = tolerant(new WebDriverWait(auditor, WAIT));
        auditWait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#audit-incidents tr.incident"))).click();
        auditWait.until(d -> d.findElements(By.cssSelector("#timeline tr.entry")).size() >= 2);
        assertThat(auditor.findElement(By.id("at-label")).getText()).endsWith("(UTC+07:00)");
        final long atMs = Long.parseLong(auditor.findElement(By.id("at-label")).getAttribute("data-at-ms"));
        assertThat(auditor.findElement(By.id("at-label")).getText()).startsWith(centerTime(atMs, "yyyy-MM-dd HH:mm:ss.SSS"));
        assertWordsOnly(auditor, "audit", "vi");
        screenshot(auditor, "14-audit-vi");
        switchLanguage(auditor, "en");
        auditWait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#audit-incidents tr.incident"))).click();
        auditWait.until(d -> d.findElements(By.cssSelector("#timeline tr.entry")).size() >= 2);
        assertWordsOnly(auditor, "audit", "en");

        final WebDriver admin = browser();
        logIn(admin, "admin", "admin-pw-1234", "/admin.html");
        tolerant(new WebDriverWait(admin, WAIT)).until(d -> d.findElements(By.cssSelector("#users tr.user")).size() >= 4);
        assertWordsOnly(admin, "admin", "vi");
        switchLanguage(admin, "en");
        tolerant(new WebDriverWait(admin, WAIT)).until(d -> d.findElements(By.cssSelector("#users tr.user")).size() >= 4);
        assertWordsOnly(admin, "admin", "en");
    }

    private static void scrubTo(final WebDriver driver, final long atMs)
    {
        ((JavascriptExecutor)driver).executeScript(
            "const s = document.getElementById('scrubber'); s.value = String(arguments[0]);" +
            "s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));", atMs);
    }

    /** A wait that reads a live page: an element the page re-rendered between finding and reading it is looked up again. */
    private static WebDriverWait tolerant(final WebDriverWait wait)
    {
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
