/* usbclass.c: see usbclass.h. */
#include "usbclass.h"

int cer_usbif_is_network(unsigned cls, unsigned subclass)
{
	return cls == 0x02 || cls == 0x0a || cls == 0xe0 || (cls == 0xef && subclass == 0x04);
}

const char *cer_usb_class_name(unsigned cls)
{
	switch (cls) {
	case 0x01: return "audio";
	case 0x02: return "communications (network, modem)";
	case 0x03: return "HID: keyboard, mouse";
	case 0x05: return "physical";
	case 0x06: return "image";
	case 0x07: return "printer";
	case 0x08: return "mass storage";
	case 0x09: return "hub";
	case 0x0a: return "CDC data (network)";
	case 0x0b: return "smart card";
	case 0x0d: return "content security";
	case 0x0e: return "video";
	case 0x0f: return "healthcare";
	case 0x10: return "audio/video";
	case 0xdc: return "diagnostic";
	case 0xe0: return "wireless controller";
	case 0xef: return "miscellaneous";
	case 0xfe: return "application specific";
	case 0xff: return "vendor specific";
	default: return "unknown";
	}
}
