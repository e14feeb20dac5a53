package io.isula.core.internal.config;

import io.isula.core.api.DaemonSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Hashtable;

/** Reads the daemon's settings once and offers them as a {@link DaemonSettings} service. */
@Component(immediate = true, service = {})
public final class SettingsComponent {
    private ServiceRegistration<DaemonSettings> registration;

    @Activate
    void activate(BundleContext context) {
        DaemonSettings settings = new SettingsLoader().load(context::getProperty);
        registration = context.registerService(DaemonSettings.class, settings, new Hashtable<>());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }
}
